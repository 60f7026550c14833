/**
 * The live board: the SockJS endpoint browsers keep open to receive board deltas. Checks the session token on open
 * and on every register, closes a socket whose session is revoked, fans each delta out to the org's sockets (encoded
 * once per node), and stops writing to a socket whose unwritten bytes pass a limit. {@code ClusterResync} tells
 * browsers to reload their snapshot when a cluster member leaves.
 *
 * <p>Uses {@code auth}, {@code directory} and {@code common}.
 */
package io.switchboard.bridge.live;

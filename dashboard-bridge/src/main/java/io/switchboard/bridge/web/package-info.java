/**
 * Serving the dashboard itself: the built UI with cache and security headers, the client configuration the UI
 * reads at start, and (with telephony-sim only) the proxy that lets the UI's simulated phones reach the sim through
 * the board's own origin.
 *
 * <p>Uses only {@code common}.
 */
package io.switchboard.bridge.web;

/**
 * How a service puts its changes on the organization's board: {@link io.switchboard.common.board.BoardDeltas}
 * publishes every board delta of every service, so the frames browsers and the bridge's fan-out receive have one
 * shape and one place where it is made. Uses the contract's views, the bus addresses and the metrics registry.
 */
package io.switchboard.common.board;

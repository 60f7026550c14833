/**
 * The dashboard-bridge service: what agents' browsers talk to. {@code DashboardBridgeModule} wires the rooms below;
 * each room is one concern and may use only the rooms listed in its own package comment (and {@code common}).
 *
 * <ul>
 *   <li>{@code directory}: organizations, numbers and users (the {@code directory} schema, all its SQL in
 *       {@code DirectorySql}); answers the other services' directory questions on the event bus.
 *   <li>{@code auth}: who a request is: JWT sessions, revocation, password hashing, login rate limits, Twilio access
 *       tokens.
 *   <li>{@code api}: the agent HTTP API under {@code /api}: login, the board snapshot, call and presence actions.
 *   <li>{@code live}: the SockJS bridge that pushes board deltas to browsers.
 *   <li>{@code web}: the static dashboard, its security headers, the client configuration and the sim proxy.
 *   <li>{@code admin}: the command line that creates orgs, numbers and users, and the demo directory.
 * </ul>
 */
package io.switchboard.bridge;

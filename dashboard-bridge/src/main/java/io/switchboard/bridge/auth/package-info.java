/**
 * Who a request is: signed session tokens ({@code JwtIssuer}), sessions logged out on every node
 * ({@code RevokedSessions}), password hashing off the event loop, the login rate limits, and the Twilio access
 * tokens a browser's phone registers with. Nothing here speaks HTTP; {@code api} and {@code live} call it.
 *
 * <p>Uses {@code directory} (users, and the SQL of the tables it keeps) and {@code common}.
 */
package io.switchboard.bridge.auth;

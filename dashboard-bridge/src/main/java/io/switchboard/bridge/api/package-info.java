/**
 * The agent HTTP API under {@code /api}: login and logout, the board snapshot, and every action an agent or admin
 * takes (claim, decline, park, unpark, hang up, presence, voicemail), each an operation of the OpenAPI document
 * {@code openapi.json} ({@code ApiContract} mounts them and checks every request against it; {@code RequestProblems}
 * says what it refused). A route checks who is asking ({@code auth}) and forwards a contract record to the owning
 * service on the event bus; the reply or failure code becomes the HTTP answer ({@code Replies}, {@code HttpProblem}).
 * The server decides; the browser only asks.
 *
 * <p>Uses {@code auth}, {@code directory}, {@code web} (client configuration) and {@code common}.
 */
package io.switchboard.bridge.api;

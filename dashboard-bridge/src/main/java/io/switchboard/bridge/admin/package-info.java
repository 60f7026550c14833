/**
 * Running an org from the command line ({@code switchboard admin ...}): create orgs, numbers and users, list them,
 * and seed the demo directory. Runs as its own short-lived process against the database.
 *
 * <p>Uses {@code directory}, {@code auth} (password hashing) and {@code common}.
 */
package io.switchboard.bridge.admin;

/**
 * The directory: organizations, their phone numbers and their users, stored in the {@code directory} schema. Every
 * statement on that schema lives in {@code DirectorySql}. {@code DirectoryVerticle} answers the other services'
 * questions (which org owns a number, an org's settings and users) on the event bus.
 *
 * <p>Uses only {@code common}; every other room of the bridge may use it.
 */
package io.switchboard.bridge.directory;

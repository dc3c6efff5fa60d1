/**
 * ConfigError
 *
 * What `loadConfig` throws when the environment is invalid or unsafe: the message names the
 * variable and says what it must be, so start-up fails with one readable line.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

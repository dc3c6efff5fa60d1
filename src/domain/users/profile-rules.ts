/**
 * Profile rules
 *
 * What a handle, display name, bio and password may be. Each check throws BAD_USER_INPUT naming
 * the field, before anything is written.
 */
import { badUserInput } from '../errors';
import { checkShownText, codePoints, normalizeText } from '../text';

export const MAX_HANDLE_LENGTH = 15;
export const MAX_DISPLAY_NAME_LENGTH = 50;
export const MAX_BIO_LENGTH = 160;
export const MIN_PASSWORD_LENGTH = 8;
/** argon2 hashes any length, but an unbounded one is a cheap way to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export function isHandle(handle: string): boolean {
  return HANDLE.test(handle);
}

export function checkHandle(handle: string): string {
  if (!isHandle(handle)) {
    throw badUserInput('handle', `handle must be 1 to ${MAX_HANDLE_LENGTH} letters, digits or underscores.`);
  }
  return handle;
}

/** The key under which handles are unique: case does not make a handle new. */
export function handleKey(handle: string): string {
  return handle.toLowerCase();
}

/** 1 to 50 code points once normalized, shown as a tweet's text is: something visible, bidi controls balanced. */
export function checkDisplayName(displayName: string): string {
  const normalized = normalizeText(displayName);
  if (normalized.length === 0) throw badUserInput('displayName', 'displayName must not be empty.');
  checkShownText('displayName', normalized);
  if (codePoints(normalized) > MAX_DISPLAY_NAME_LENGTH) {
    throw badUserInput('displayName', `displayName must be at most ${MAX_DISPLAY_NAME_LENGTH} characters.`);
  }
  return normalized;
}

export function checkBio(bio: string): string {
  const normalized = normalizeText(bio);
  if (codePoints(normalized) > MAX_BIO_LENGTH) throw badUserInput('bio', `bio must be at most ${MAX_BIO_LENGTH} characters.`);
  // An empty bio clears it; one that is not empty must show something, its direction controls balanced.
  if (normalized !== '') checkShownText('bio', normalized);
  return normalized;
}

export function checkPassword(password: string, field = 'password'): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badUserInput(field, `${field} must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw badUserInput(field, `${field} must be at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

/**
 * The signed-in session: the token, kept in localStorage so it survives a reload, and a message
 * for the person when the server ended the session.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const TOKEN_KEY = 'chirp.token';

export interface Session {
  token: string | null;
  /** Why the person was signed out, when it was not their choice. */
  notice: string | null;
  signIn: (token: string) => void;
  signOut: (notice?: string) => void;
  dismissNotice: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [notice, setNotice] = useState<string | null>(null);
  const signIn = useCallback((next: string) => {
    localStorage.setItem(TOKEN_KEY, next);
    setNotice(null);
    setToken(next);
  }, []);
  const signOut = useCallback((why?: string) => {
    localStorage.removeItem(TOKEN_KEY);
    setNotice(why ?? null);
    setToken(null);
  }, []);
  const dismissNotice = useCallback(() => setNotice(null), []);
  const session = useMemo(() => ({ token, notice, signIn, signOut, dismissNotice }), [token, notice, signIn, signOut, dismissNotice]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it.');
  return session;
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

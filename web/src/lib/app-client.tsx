/** The app's client for the current session, rebuilt (with a fresh cache) when the person signs in or out. */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { Provider } from 'urql';

import { createAppClient, type AppClient } from './graphql-client';
import { useSession } from './session';

const AppClientContext = createContext<AppClient | null>(null);

export function AppClientProvider({ children }: { children: ReactNode }) {
  const { token, signOut } = useSession();
  const appClient = useMemo(() => createAppClient({ token, onSessionRefused: signOut }), [token, signOut]);
  useEffect(() => () => appClient.dispose(), [appClient]);
  return (
    <AppClientContext.Provider value={appClient}>
      <Provider value={appClient.client}>{children}</Provider>
    </AppClientContext.Provider>
  );
}

export function useAppClient(): AppClient {
  const appClient = useContext(AppClientContext);
  if (!appClient) throw new Error('useAppClient needs an AppClientProvider above it.');
  return appClient;
}

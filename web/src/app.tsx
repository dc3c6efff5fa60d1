/** The app: the session, its GraphQL client, and the pages by path. */
import { BrowserRouter, Route, Routes } from 'react-router';

import { Layout } from './components/layout';
import { AuthPage } from './features/auth/auth-page';
import { PeoplePage } from './features/people/people-page';
import { FavoritesPage } from './features/profile/favorites-page';
import { ProfilePage } from './features/profile/profile-page';
import { TweetPage } from './features/tweet-page/tweet-page';
import { HomePage } from './features/timeline/home-page';
import { WelcomePage } from './features/welcome-page';
import { AppClientProvider } from './lib/app-client';
import { SessionProvider } from './lib/session';
import { NotFoundPage } from './components/not-found-page';

export function App() {
  return (
    <SessionProvider>
      <AppClientProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<WelcomePage />} />
              <Route path="home" element={<HomePage />} />
              <Route path="signup" element={<AuthPage mode="sign-up" />} />
              <Route path="login" element={<AuthPage mode="log-in" />} />
              <Route path=":handle" element={<ProfilePage />} />
              <Route path=":handle/status/:id" element={<TweetPage />} />
              <Route path=":handle/followers" element={<PeoplePage list="followers" />} />
              <Route path=":handle/following" element={<PeoplePage list="following" />} />
              <Route path=":handle/favorites" element={<FavoritesPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AppClientProvider>
    </SessionProvider>
  );
}

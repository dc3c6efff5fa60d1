/** `/`: home for a signed-in person, a short welcome otherwise. */
import { Link, Navigate } from 'react-router';

import { useSession } from '../lib/session';

export function WelcomePage() {
  const { token } = useSession();
  if (token) return <Navigate to="/home" replace />;
  return (
    <main className="page narrow">
      <h1>Welcome to Chirp</h1>
      <p>Short posts from the people you follow, as they happen.</p>
      <p>
        <Link to="/signup" className="button-link primary">Create an account</Link> or <Link to="/login">log in</Link>.
      </p>
      <p className="muted">
        Developers: explore the API in <a href="/graphiql">GraphiQL</a>.
      </p>
    </main>
  );
}

/** Every page's frame: the bar at the top (home, your profile, Tweet, log in or out) and the page. */
import { Link, NavLink, Outlet, useNavigate } from 'react-router';

import { ComposeButton } from '../features/compose/compose-dialog';
import { useSession } from '../lib/session';
import { useViewer } from '../lib/viewer';

export function Layout() {
  const { notice, dismissNotice, signOut } = useSession();
  const { viewer } = useViewer();
  const navigate = useNavigate();
  return (
    <>
      <a href="#main" className="skip-link">Skip to content</a>
      <header className="top-bar">
        <nav aria-label="Main" className="top-nav">
          <Link to={viewer ? '/home' : '/'} className="brand">Chirp</Link>
          {viewer ? (
            <>
              <NavLink to="/home">Home</NavLink>
              <NavLink to={`/@${viewer.handle}`} end>Profile</NavLink>
            </>
          ) : null}
        </nav>
        <div className="top-actions">
          {viewer ? (
            <>
              <ComposeButton />
              <button type="button" onClick={() => { signOut(); void navigate('/'); }}>Log out</button>
            </>
          ) : (
            <>
              <Link to="/login" className="button-link">Log in</Link>
              <Link to="/signup" className="button-link primary">Sign up</Link>
            </>
          )}
        </div>
      </header>
      {notice ? (
        <div role="alert" className="notice">
          {notice} <button type="button" onClick={dismissNotice}>Dismiss</button>
        </div>
      ) : null}
      <div id="main">
        <Outlet />
      </div>
    </>
  );
}

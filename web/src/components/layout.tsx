/**
 * Every page's frame: the bar at the top (home, your profile, Tweet, log in or out) and the page.
 * After the app moves to another page, the keyboard focus moves to the page's content (as a page
 * load would put it at its start), so a keyboard or screen-reader user goes on from there, not from
 * a control that is gone. A session the server refused ends on the log-in page, with the reason.
 */
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { ComposeButton } from '../features/compose/compose-dialog';
import { useSession } from '../lib/session';
import { useViewer } from '../lib/viewer';

export function Layout() {
  const { token, notice, dismissNotice, signOut } = useSession();
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const main = useRef<HTMLDivElement>(null);
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    main.current?.focus();
  }, [pathname]);
  // Once per ended session (navigate changes with the page, and the notice stays up on the log-in page).
  const sentToLogIn = useRef(false);
  useEffect(() => {
    if (!notice || token) sentToLogIn.current = false;
    else if (!sentToLogIn.current) {
      sentToLogIn.current = true;
      void navigate('/login', { state: { from: shownPath.current } });
    }
  }, [notice, token, navigate]);
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
      <div id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </div>
    </>
  );
}

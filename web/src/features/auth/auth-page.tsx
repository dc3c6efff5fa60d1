/**
 * Sign up and log in. The token is kept by the session (it survives a reload); errors are shown
 * in words next to the field they are about (a taken handle, too short a password).
 */
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { Field } from '../../components/field';
import { graphql } from '../../gql';
import { formErrors } from '../../lib/errors';
import { useSession } from '../../lib/session';

const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }
`);

const LogInMutation = graphql(`
  mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }
`);

export function AuthPage({ mode }: { mode: 'sign-up' | 'log-in' }) {
  const signingUp = mode === 'sign-up';
  const { signIn } = useSession();
  const navigate = useNavigate();
  // Sent here from a page (a session that ended): back there once logged in.
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [signUpState, signUp] = useMutation(SignUpMutation);
  const [logInState, logIn] = useMutation(LogInMutation);
  const state = signingUp ? signUpState : logInState;
  const errors = formErrors(state.error);

  async function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = signingUp
      ? await signUp({ input: { handle, password, ...(displayName.trim() ? { displayName } : {}) } }).then((r) => r.data?.signUp)
      : await logIn({ handle, password }).then((r) => r.data?.logIn);
    if (result) {
      signIn(result.token);
      void navigate(typeof from === 'string' && from.startsWith('/') && from !== '/login' && from !== '/signup' ? from : '/home');
    }
  }

  const title = signingUp ? 'Sign up' : 'Log in';
  return (
    <main className="page narrow">
      <h1>{signingUp ? 'Join Chirp' : 'Log in to Chirp'}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Handle" name="handle" autoComplete="username" required value={handle} onChange={(e) => setHandle(e.target.value)} error={errors.fields.handle} hint={signingUp ? '1 to 15 letters, digits or underscores.' : undefined} />
        <Field label="Password" name="password" type="password" autoComplete={signingUp ? 'new-password' : 'current-password'} required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} hint={signingUp ? 'At least 8 characters.' : undefined} />
        {signingUp ? <Field label="Display name" name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={errors.fields.displayName} hint="Optional: your handle when empty." /> : null}
        {errors.form ? <p role="alert" className="error">{errors.form}</p> : null}
        <button type="submit" className="primary" disabled={state.fetching}>{title}</button>
      </form>
      <p>
        {signingUp ? <>Already have an account? <Link to="/login">Log in instead</Link></> : <>New here? <Link to="/signup">Create an account</Link></>}
      </p>
    </main>
  );
}

/** The owner's form for display name and bio, behind an "Edit profile" button. */
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useMutation } from 'urql';

import { Field } from '../../components/field';
import { graphql } from '../../gql';
import { formErrors } from '../../lib/errors';

const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }
`);

export function EditProfile({ user }: { user: { displayName: string; bio: string } }) {
  const [editing, setEditing] = useState(false);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [bio, setBio] = useState(user.bio);
  const [state, update] = useMutation(UpdateProfileMutation);
  const errors = formErrors(state.error);
  // Saved or cancelled: the focus goes back to "Edit profile" (the form and its buttons are gone).
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  async function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await update({ input: { displayName, bio } });
    if (result.data) setEditing(false);
  }

  if (!editing) {
    return (
      <button ref={editButton} type="button" onClick={() => { setDisplayName(user.displayName); setBio(user.bio); setEditing(true); }}>
        Edit profile
      </button>
    );
  }
  return (
    <form className="edit-profile" onSubmit={(event) => void submit(event)}>
      <Field label="Display name" dir="auto" autoFocus value={displayName} maxLength={50} onChange={(e) => setDisplayName(e.target.value)} error={errors.fields.displayName} />
      <Field label="Bio" dir="auto" multiline value={bio} onChange={(e) => setBio(e.target.value)} error={errors.fields.bio} hint="At most 160 characters." />
      {errors.form ? <p role="alert" className="error">{errors.form}</p> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={state.fetching}>Save</button>
        <button type="button" onClick={() => setEditing(false)}>Cancel</button>
      </div>
    </form>
  );
}

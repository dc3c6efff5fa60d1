/**
 * The "Tweet" button at the top of every page and the dialog it opens: a text area with a live
 * count of the 280 characters, counted as the server counts (code points after NFC normalization
 * and trimming); "Post" is disabled while the text is empty or too long. Each draft posts with a
 * clientMutationId of its own, so pressing "Post" again after an answer was lost posts it once.
 */
import { useId, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useMutation } from 'urql';

import { graphql } from '../../gql';
import { useAppClient } from '../../lib/app-client';
import { formErrors } from '../../lib/errors';

export const MAX_TWEET_LENGTH = 280;

const PostTweetMutation = graphql(`
  mutation PostTweet($text: String!, $clientMutationId: String) { postTweet(text: $text, clientMutationId: $clientMutationId) { ...TweetFields } }
`);

/** A random key for one draft's text; `crypto.randomUUID` exists only on https and localhost pages. */
function draftKey(_text: string): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Characters as the server counts them. */
export function tweetLength(text: string): number {
  return Array.from(text.normalize('NFC').trim()).length;
}

export function ComposeButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const show = () => {
    if (!dialog.current?.open) dialog.current?.showModal();
    setOpen(true);
  };
  // The dialog is the truth about being open: its close event (posted, Cancel, Escape) comes a
  // moment after it closed, when a quick person may have opened it again.
  const closed = () => {
    if (dialog.current?.open) return;
    setOpen(false);
    // Back to "Tweet", where the person was.
    button.current?.focus();
  };
  return (
    <>
      <button ref={button} type="button" className="primary" onClick={show}>
        Tweet
      </button>
      <dialog ref={dialog} className="compose" aria-labelledby="compose-title" onClose={closed}>
        {open ? <ComposeForm onDone={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function ComposeForm({ onDone }: { onDone: () => void }) {
  const { posted } = useAppClient();
  const [text, setText] = useState('');
  const [state, postTweet] = useMutation(PostTweetMutation);
  // The same text sent again is the same post; edited, it is another (a new key with each text).
  const clientMutationId = useMemo(() => draftKey(text), [text]);
  const id = useId();
  const length = tweetLength(text);
  const left = MAX_TWEET_LENGTH - length;
  const errors = formErrors(state.error);
  const error = errors.fields.text ?? errors.form;

  async function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await postTweet({ text, clientMutationId });
    const tweet = result.data?.postTweet;
    if (tweet) {
      posted.emit({ id: tweet.id, authorId: tweet.author.id });
      onDone();
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      <h2 id="compose-title">New tweet</h2>
      <label htmlFor={`${id}-text`} className="visually-hidden">What's happening?</label>
      <textarea id={`${id}-text`} dir="auto" placeholder="What's happening?" rows={4} autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`} aria-invalid={left < 0 || undefined} />
      <div className="compose-footer">
        <span id={`${id}-count`} className={left < 0 ? 'error count' : 'muted count'} aria-live="polite">
          {length} / {MAX_TWEET_LENGTH}
        </span>
        <button type="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="primary" disabled={length === 0 || left < 0 || state.fetching}>Post</button>
      </div>
      {error ? <p id={`${id}-error`} role="alert" className="error">{error}</p> : null}
    </form>
  );
}

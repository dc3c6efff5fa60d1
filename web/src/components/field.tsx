/** A labelled input with its error in words beside it, tied to it for screen readers. */
import { useId, type InputHTMLAttributes } from 'react';

export function Field({ label, error, hint, multiline = false, ...input }: { label: string; error?: string; hint?: string; multiline?: boolean } & InputHTMLAttributes<HTMLInputElement & HTMLTextAreaElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const props = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, ...input };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea {...props} /> : <input {...props} />}
      {hint ? <p id={hintId} className="muted hint">{hint}</p> : null}
      {error ? <p id={errorId} className="error">{error}</p> : null}
    </div>
  );
}

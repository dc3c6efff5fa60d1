/** Turns a failed operation into words for the person: per input field where the server names one. */
import type { CombinedError } from 'urql';

export interface FormErrors {
  /** By input field name (`handle`, `password`, …). */
  fields: Partial<Record<string, string>>;
  /** Anything not about one field. */
  form: string | null;
}

export function formErrors(error: CombinedError | undefined): FormErrors {
  const result: FormErrors = { fields: {}, form: null };
  if (!error) return result;
  if (error.networkError && error.graphQLErrors.length === 0) {
    result.form = 'The server could not be reached. Check your connection and try again.';
    return result;
  }
  for (const graphQLError of error.graphQLErrors) {
    const field = graphQLError.extensions.field;
    const message = sentence(graphQLError.message);
    if (typeof field === 'string') result.fields[field] = message;
    else result.form ??= message;
  }
  return result;
}

/** Server messages name the field in lower case ("password must be …"): start them as a sentence. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

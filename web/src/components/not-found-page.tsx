import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. <Link to="/">Back to the start</Link></p>
    </main>
  );
}

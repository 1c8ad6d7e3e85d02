/**
 * snr-auth in React 19 through `snr-auth/react`: typed components made with @lit/react, whose
 * events arrive as `on…` props with the event's own type.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SnrSession, SnrSignin } from 'snr-auth/react';

// Where the identity server answers (`?api=` lets the tests point the example elsewhere).
const apiBase = new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:8787';

function App() {
  const [who, setWho] = useState<string>('Nobody yet');
  const [error, setError] = useState<string | null>(null);
  return (
    <SnrSession apiBase={apiBase} apiKey="snr-local-dev-key">
      <main>
        <h1>Welcome back</h1>
        <SnrSignin
          headingLevel={2}
          onSignedIn={(event) => setWho(`Signed in as customer ${event.detail.clientId}`)}
          onSignedOut={() => setWho('Signed out')}
          onError={(event) => setError(event.detail.code)}
        />
        <p id="who" role="status">
          {who}
        </p>
        {error && <p id="error">Last error: {error}</p>}
      </main>
    </SnrSession>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

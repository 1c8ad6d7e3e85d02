/**
 * What runs next to the server for the demo (scripts/start-demo.mjs, published by the server at
 * `/snr/dev/providers`): a local OpenID Connect provider for the OAuth page and a Facebook
 * stand-in for `<snr-facebook-button>`, or the site's own configuration instead of either.
 */
export interface DemoProviders {
  oauth?:
    | { kind: 'local'; issuer: string; clientId: string; scope: string; redirectPath: string }
    /** SNR_OAUTH_VERIFY_URL was set: tokens go to the site's own endpoint. */
    | { kind: 'configured' };
  facebook?: /** No Facebook app configured: the stand-in's Graph API and JS SDK (load `sdkUrl` in place of Facebook's). */
    | { kind: 'stand-in'; appId: string; sdkUrl: string; graphUrl: string }
    /** A real Facebook app: the real SDK. */
    | { kind: 'configured'; appId: string | null };
  /** No Google / Apple client id configured: a stand-in issuer, and its page script (load `scriptUrl` in place of the provider's). */
  google?: IdTokenProviderInfo;
  apple?: IdTokenProviderInfo;
}

export type IdTokenProviderInfo = { kind: 'stand-in'; clientId: string; issuer: string; scriptUrl: string } | { kind: 'configured'; clientId: string | null };

let pending: Promise<DemoProviders> | undefined;

/** The demo providers (fetched once per page load; `{}` when the server runs without them). */
export function demoProviders(): Promise<DemoProviders> {
  pending ??= fetch('/snr/dev/providers', { headers: { accept: 'application/json' }, cache: 'no-store' })
    .then(async (res) => {
      // An older server has no such route: the demo's index.html answers instead.
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return {};
      return (await res.json()) as DemoProviders;
    })
    .catch(() => {
      pending = undefined;
      return {};
    });
  return pending;
}

/** Where `<snr-facebook-button>` should load the Facebook SDK from: the stand-in's, if it runs. */
export async function facebookSdkUrl(): Promise<string | undefined> {
  const { facebook } = await demoProviders();
  return facebook?.kind === 'stand-in' ? facebook.sdkUrl : undefined;
}

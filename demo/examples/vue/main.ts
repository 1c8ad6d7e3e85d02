/**
 * snr-auth in Vue 3: the elements are plain custom elements. Tell Vue's template compiler that
 * `snr-*` tags are not Vue components, import the kit once, and listen with `@snr-signed-in`.
 */
import { createApp, ref } from 'vue';
import 'snr-auth';
import type { SnrSignedInEvent } from 'snr-auth';

const apiBase = new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:8787';

const app = createApp({
  setup() {
    const who = ref('Nobody yet');
    const signedIn = (event: SnrSignedInEvent) => (who.value = `Signed in as customer ${event.detail.clientId}`);
    const signedOut = () => (who.value = 'Signed out');
    return { apiBase, who, signedIn, signedOut };
  },
  template: `
    <snr-session :api-base="apiBase" api-key="snr-local-dev-key">
      <main>
        <h1>Welcome back</h1>
        <snr-signin heading-level="2" @snr-signed-in="signedIn" @snr-signed-out="signedOut"></snr-signin>
        <p id="who" role="status">{{ who }}</p>
      </main>
    </snr-session>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('snr-');
app.mount('#app');

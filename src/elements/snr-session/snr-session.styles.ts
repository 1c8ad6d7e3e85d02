import { css } from 'lit';

export const sessionStyles = css`
  :host {
    display: contents;
  }
  :host([theme='dark']) {
    --snr-color-scheme: dark;
  }
  :host([theme='light']) {
    --snr-color-scheme: light;
  }
`;

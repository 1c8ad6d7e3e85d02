// Session events bubble to the document: no framework needed to react to them.
document.addEventListener('snr-signed-in', (event) => {
  document.getElementById('who').textContent = `Signed in as customer ${event.detail.clientId}`;
});
document.addEventListener('snr-signed-out', () => {
  document.getElementById('who').textContent = 'Signed out';
});

// Security keys and passkeys need JavaScript and a browser that offers WebAuthn: their buttons
// are written hidden (class "needs-webauthn") and shown here only when both are there, so a
// page without them offers only what works (a password, a code).
document.addEventListener('DOMContentLoaded', function () {
  if (!window.PublicKeyCredential) return
  document.querySelectorAll('.needs-webauthn[hidden]').forEach(function (element) {
    element.hidden = false
  })
})

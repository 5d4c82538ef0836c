import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js'

initAll()

// htmx needs the CSRF token for the requests it sends.
document.body.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('input[name=csrfmiddlewaretoken]')
  if (token) event.detail.headers['X-CSRFToken'] = token.value
})

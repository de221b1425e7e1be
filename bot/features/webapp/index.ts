export { addWebAppButton, menuScreenFor, webappLink } from './links.js';
export { menuButtonSync } from './menu-button.js';
export { webappChat } from './chat-sender.js';

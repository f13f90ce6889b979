// One user's view of the demo conversation: `chat.html?user=alice` (or bob, carol).
import { ChatElements } from "/pkg/index.js";

const user = new URLSearchParams(location.search).get("user") || "alice";
const userName = document.getElementById("user-name");
const status = document.getElementById("status");

userName.textContent = user.charAt(0).toUpperCase() + user.slice(1);

function showStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

// The root object keeps the options every session starts with (appearance, locale) and changes
// them at runtime for all of them.
const root = new ChatElements({ appearance: { theme: { appearance: "light" } } });

const session = root.createChatSession({
  // The demo server hands out short-lived tokens for its seeded users. A real app's backend signs
  // them with the app secret for the user who is logged in.
  token: async ({ abortSignal } = {}) => {
    const response = await fetch(`/api/token?user=${encodeURIComponent(user)}`, { signal: abortSignal });
    if (!response.ok) throw new Error(`token request failed with HTTP ${response.status}`);
    return (await response.json()).token;
  },
});

const log = (...args) => console.log(`[${user}]`, ...args);
session.on("ready", () => {
  log("session ready");
  showStatus("ready", "Connected");
});
session.on("tokenRefreshed", () => log("token refreshed"));
session.on("tokenRefreshError", (error) => log("token refresh failed:", error.code, error.message));
session.on("optionsUpdated", () => log("options updated"));
session.on("error", (error) => {
  log("error:", error.code, error.message);
  showStatus("error", error.code === "FORBIDDEN" ? "Not a participant" : `Error: ${error.code}`);
});

const element = session.createElement("chat-element", {
  channelId: "demo",
  emptyState: { title: "No messages yet", description: "Say hello: the other pane sees it at once." },
  onReady: () => log("chat element ready"),
});
element.on("messageSent", (event) => log("message sent:", event.detail.id));
element.on("error", (error) => {
  log("chat element error:", error.code, error.message);
  showStatus("error", error.code === "FORBIDDEN" ? "Not a participant" : `Error: ${error.code}`);
});
element.mount("#chat-container");

// Beside the chat: the user's conversations. Selecting one switches the chat element to it.
const list = session.createElement("dms-list-element", {
  selectedChannel: "demo",
  emptyState: { title: "No conversations", description: "You take part in none yet." },
});
list.on("channelSelected", (event) => {
  log("conversation selected:", event.detail.id);
  element.updateOptions({ channelId: event.detail.id });
});
list.on("error", (error) => log("conversation list error:", error.code, error.message));
list.mount("#dms-container");

// The search modal: results from every conversation of the user; picking one opens it in the chat.
document.getElementById("search-button").addEventListener("click", () => {
  session.showSearchModal({
    onResultClick: (event) => {
      log("search result picked:", event.detail.messageId);
      element.updateOptions({ channelId: event.detail.channelId });
      list.updateOptions({ selectedChannel: event.detail.channelId });
    },
  });
});

// Options change at runtime for every element of the root.
document.getElementById("theme-select").addEventListener("change", (event) => {
  root.updateOptions({ appearance: { theme: { appearance: event.target.value } } });
  document.body.dataset.theme = event.target.value;
});

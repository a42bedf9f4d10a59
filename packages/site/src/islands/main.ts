// The islands' entry: every `[data-island]` in the server-rendered page gets its component,
// which replaces the server's fallback. Props come from `data-props` (JSON).
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { BookingIsland } from "./booking";
import type {
  AmbulanceIslandProps,
  AssistantIslandProps,
  BookingIslandProps,
  CartIslandProps,
} from "./props";
import { islandCss } from "./styles";

function ensureStyles() {
  if (document.querySelector("style[data-island-css]")) return;
  const style = document.createElement("style");
  style.setAttribute("data-island-css", "");
  style.textContent = islandCss;
  document.head.append(style);
}

function mount(element: HTMLElement) {
  if (element.dataset.islandMounted) return;
  const name = element.dataset.island;
  let props: unknown;
  try {
    props = JSON.parse(element.dataset.props ?? "{}");
  } catch {
    return; // the server fallback stays
  }
  if (name === "booking") {
    ensureStyles();
    element.dataset.islandMounted = "true";
    element.replaceChildren();
    createRoot(element).render(
      createElement(BookingIsland, { props: props as BookingIslandProps, root: element }),
    );
  } else if (name === "cart") {
    element.dataset.islandMounted = "true";
    // Only the shop's pages have a cart: its code is fetched there and nowhere else.
    void import("./cart").then(({ CartIsland, cartCss }) => {
      if (!document.querySelector("style[data-cart-css]")) {
        const style = document.createElement("style");
        style.setAttribute("data-cart-css", "");
        style.textContent = cartCss;
        document.head.append(style);
      }
      element.replaceChildren();
      createRoot(element).render(createElement(CartIsland, { props: props as CartIslandProps }));
    });
  } else if (name === "ambulance") {
    element.dataset.islandMounted = "true";
    ensureStyles();
    // Only a hospital's site with the feature has the form: its code is fetched there alone.
    void import("./ambulance").then(({ AmbulanceIsland, ambulanceCss }) => {
      if (!document.querySelector("style[data-ambulance-css]")) {
        const style = document.createElement("style");
        style.setAttribute("data-ambulance-css", "");
        style.textContent = ambulanceCss;
        document.head.append(style);
      }
      element.replaceChildren();
      createRoot(element).render(
        createElement(AmbulanceIsland, { props: props as AmbulanceIslandProps }),
      );
    });
  } else if (name === "assistant") {
    element.dataset.islandMounted = "true";
    // Only sites with the assistant have its chat: its code is fetched there alone.
    void import("./assistant").then(({ AssistantIsland, assistantCss }) => {
      if (!document.querySelector("style[data-assistant-css]")) {
        const style = document.createElement("style");
        style.setAttribute("data-assistant-css", "");
        style.textContent = assistantCss;
        document.head.append(style);
      }
      element.replaceChildren();
      createRoot(element).render(
        createElement(AssistantIsland, { props: props as AssistantIslandProps }),
      );
    });
  }
}

function start() {
  for (const element of document.querySelectorAll<HTMLElement>("[data-island]")) mount(element);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();

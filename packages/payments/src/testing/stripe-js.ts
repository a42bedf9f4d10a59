// A stand-in for Stripe.js (the script `@stripe/stripe-js` loads from js.stripe.com), for browser
// tests: Playwright answers `https://js.stripe.com/**` with this source, and `loadStripe`,
// `<Elements>` and `<PaymentElement>` from `@stripe/react-stripe-js` work against the Stripe
// stand-in. The Payment Element renders plain labelled inputs ("Card number", "Expiry", "CVC")
// in the page instead of Stripe's iframes, so a test fills them by label; confirming POSTs the
// card to the stand-in's `/v1/payment_intents/:id/confirm` with the publishable key and client
// secret, as Stripe.js does.
//
//   await page.route("https://js.stripe.com/**", (route) =>
//     route.fulfill({ contentType: "text/javascript", body: stripeJsStandIn(standIn.url) }));

/** The release train `@stripe/stripe-js` expects (it warns on another). */
export const stripeJsReleaseTrain = "endive";

/** The browser script's source: defines `window.Stripe`. */
export function stripeJsStandIn(apiBase: string): string {
  return `(function () {
"use strict";
var API_BASE = ${JSON.stringify(apiBase.replace(/\/+$/, ""))};
var RELEASE = ${JSON.stringify(stripeJsReleaseTrain)};
${browserSource}
})();
`;
}

// Plain ES2017 for any browser; kept as text so it is never bundled for Node.
const browserSource = String.raw`
var counter = 0;

function emitter() {
  var handlers = {};
  return {
    on: function (event, handler) {
      (handlers[event] = handlers[event] || []).push(handler);
    },
    off: function (event, handler) {
      var list = handlers[event] || [];
      handlers[event] = handler ? list.filter(function (h) { return h !== handler; }) : [];
    },
    once: function (event, handler) {
      var self = this;
      var wrapped = function (payload) { self.off(event, wrapped); handler(payload); };
      this.on(event, wrapped);
    },
    emit: function (event, payload) {
      (handlers[event] || []).slice().forEach(function (handler) {
        try { handler(payload); } catch (error) { setTimeout(function () { throw error; }); }
      });
    }
  };
}

function intentIdOf(clientSecret) {
  var at = String(clientSecret || "").indexOf("_secret_");
  return at > 0 ? clientSecret.slice(0, at) : null;
}

function luhn(number) {
  var sum = 0;
  for (var i = 0; i < number.length; i++) {
    var digit = Number(number.charAt(number.length - 1 - i));
    if (i % 2 === 1) { digit *= 2; if (digit > 9) digit -= 9; }
    sum += digit;
  }
  return sum % 10 === 0;
}

function validationError(code, message) {
  return { type: "validation_error", code: code, message: message };
}

/** Reads the three inputs; answers { card } or { error } as Stripe's client-side checks would. */
function readCard(inputs) {
  var number = inputs.number.value.replace(/[\s-]/g, "");
  var expiry = inputs.expiry.value.replace(/\s/g, "");
  var cvc = inputs.cvc.value.trim();
  if (!number) return { error: validationError("incomplete_number", "Your card number is incomplete.") };
  if (!/^\d{12,19}$/.test(number)) return { error: validationError("incomplete_number", "Your card number is incomplete.") };
  if (!luhn(number)) return { error: validationError("invalid_number", "Your card number is invalid.") };
  var match = /^(\d{1,2})\/?(\d{2}|\d{4})$/.exec(expiry);
  if (!match) return { error: validationError("incomplete_expiry", "Your card's expiration date is incomplete.") };
  var month = Number(match[1]);
  var year = Number(match[2].length === 2 ? "20" + match[2] : match[2]);
  if (month < 1 || month > 12) return { error: validationError("invalid_expiry_month", "Your card's expiration month is invalid.") };
  var today = new Date();
  if (year < today.getFullYear() || (year === today.getFullYear() && month < today.getMonth() + 1)) {
    return { error: validationError("invalid_expiry_year_past", "Your card's expiration year is in the past.") };
  }
  if (!/^\d{3,4}$/.test(cvc)) return { error: validationError("incomplete_cvc", "Your card's security code is incomplete.") };
  return { card: { number: number, exp_month: String(month), exp_year: String(year), cvc: cvc } };
}

function createElement(group, type, options) {
  var events = emitter();
  var state = { options: options || {}, root: null, inputs: null, alert: null, destroyed: false };
  var id = "stripe-standin-" + ++counter;

  function field(label, name, autocomplete, placeholder) {
    var wrapper = document.createElement("div");
    wrapper.style.marginBottom = "8px";
    var labelNode = document.createElement("label");
    labelNode.htmlFor = id + "-" + name;
    labelNode.textContent = label;
    labelNode.style.display = "block";
    var input = document.createElement("input");
    input.id = id + "-" + name;
    input.name = name;
    input.type = "text";
    input.inputMode = "numeric";
    input.autocomplete = autocomplete;
    input.placeholder = placeholder;
    input.addEventListener("input", changed);
    input.addEventListener("focus", function () { events.emit("focus", { elementType: type }); });
    input.addEventListener("blur", function () { events.emit("blur", { elementType: type }); });
    wrapper.appendChild(labelNode);
    wrapper.appendChild(input);
    return { wrapper: wrapper, input: input };
  }

  function changed() {
    var inputs = state.inputs;
    if (!inputs) return;
    var empty = !inputs.number.value && !inputs.expiry.value && !inputs.cvc.value;
    var read = readCard(inputs);
    showError(null);
    events.emit("change", {
      elementType: type,
      empty: empty,
      complete: !read.error,
      collapsed: false,
      value: { type: "card" }
    });
  }

  function showError(message) {
    if (state.alert) state.alert.textContent = message || "";
  }

  var element = {
    mount: function (target) {
      var node = typeof target === "string" ? document.querySelector(target) : target;
      if (!node) throw new Error("The selector you specified (" + target + ") applies to no DOM elements.");
      if (state.destroyed) throw new Error("This Element has already been destroyed.");
      if (state.root) element.unmount();
      var root = document.createElement("div");
      root.className = "StripeElement StripeElement--standin";
      root.setAttribute("data-stripe-standin", type);
      var number = field("Card number", "cardnumber", "cc-number", "1234 1234 1234 1234");
      var expiry = field("Expiry", "exp-date", "cc-exp", "MM / YY");
      var cvc = field("CVC", "cvc", "cc-csc", "CVC");
      var alert = document.createElement("div");
      alert.setAttribute("role", "alert");
      root.appendChild(number.wrapper);
      root.appendChild(expiry.wrapper);
      root.appendChild(cvc.wrapper);
      root.appendChild(alert);
      node.appendChild(root);
      state.root = root;
      state.alert = alert;
      state.inputs = { number: number.input, expiry: expiry.input, cvc: cvc.input };
      events.emit("loaderstart", { elementType: type });
      setTimeout(function () { events.emit("ready", { elementType: type }); }, 0);
    },
    unmount: function () {
      if (state.root && state.root.parentNode) state.root.parentNode.removeChild(state.root);
      state.root = null;
      state.inputs = null;
      state.alert = null;
    },
    destroy: function () {
      element.unmount();
      state.destroyed = true;
      group._remove(type);
    },
    update: function (options) { Object.assign(state.options, options || {}); },
    focus: function () { if (state.inputs) state.inputs.number.focus(); },
    blur: function () { if (document.activeElement && state.root && state.root.contains(document.activeElement)) document.activeElement.blur(); },
    clear: function () {
      if (!state.inputs) return;
      state.inputs.number.value = "";
      state.inputs.expiry.value = "";
      state.inputs.cvc.value = "";
      changed();
    },
    collapse: function () {},
    on: function (event, handler) { events.on(event, handler); return element; },
    off: function (event, handler) { events.off(event, handler); return element; },
    once: function (event, handler) { events.once(event, handler); return element; },
    _read: function () {
      if (!state.inputs) return { error: { type: "integration_error", message: "The Payment Element is not mounted." } };
      var read = readCard(state.inputs);
      if (read.error) showError(read.error.message);
      return read;
    },
    _showError: showError
  };
  return element;
}

function Stripe(publishableKey, stripeOptions) {
  if (typeof publishableKey !== "string" || !publishableKey) {
    throw new Error("Please call Stripe() with your publishable key. You used an empty string.");
  }
  var wrappers = [];
  var appInfo = null;

  function request(method, path, params) {
    var body = new URLSearchParams();
    body.append("key", publishableKey);
    Object.keys(params).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null) body.append(key, String(params[key]));
    });
    var url = API_BASE + path + (method === "GET" ? "?" + body.toString() : "");
    return fetch(url, {
      method: method,
      headers: method === "GET" ? {} : { "Content-Type": "application/x-www-form-urlencoded" },
      body: method === "GET" ? undefined : body.toString()
    }).then(
      function (response) {
        return response.json().then(function (json) { return { ok: response.ok, json: json }; });
      },
      function () {
        return { ok: false, json: { error: { type: "api_connection_error", message: "We could not reach Stripe." } } };
      }
    );
  }

  function confirmWithCard(clientSecret, card, extra) {
    var id = intentIdOf(clientSecret);
    if (!id) return Promise.resolve({ error: { type: "invalid_request_error", message: "Invalid value for clientSecret." } });
    var params = Object.assign({ client_secret: clientSecret }, extra || {});
    if (card) {
      params["payment_method_data[type]"] = "card";
      params["payment_method_data[card][number]"] = card.number;
      params["payment_method_data[card][exp_month]"] = card.exp_month;
      params["payment_method_data[card][exp_year]"] = card.exp_year;
      params["payment_method_data[card][cvc]"] = card.cvc;
    }
    return request("POST", "/v1/payment_intents/" + encodeURIComponent(id) + "/confirm", params).then(function (answer) {
      if (answer.ok) return { paymentIntent: answer.json };
      return { error: answer.json.error || { type: "api_error", message: "Something went wrong." } };
    });
  }

  function elements(options) {
    var groupOptions = Object.assign({}, options || {});
    var created = {};
    var group = {
      create: function (type, elementOptions) {
        if (type !== "payment" && type !== "card") {
          throw new Error("The Stripe.js stand-in supports the 'payment' and 'card' Elements, not '" + type + "'.");
        }
        if (created[type]) throw new Error("Can only create one Element of type " + type + ".");
        created[type] = createElement(group, type, elementOptions);
        return created[type];
      },
      getElement: function (type) { return created[type] || null; },
      update: function (options) { Object.assign(groupOptions, options || {}); },
      fetchUpdates: function () { return Promise.resolve({}); },
      submit: function () {
        var element = created.payment || created.card;
        if (!element) return Promise.resolve({ error: { type: "integration_error", message: "elements.submit() needs a mounted Payment Element." } });
        var read = element._read();
        return Promise.resolve(read.error ? { error: read.error } : {});
      },
      on: function () {},
      off: function () {},
      _remove: function (type) { delete created[type]; },
      _options: function () { return groupOptions; }
    };
    return group;
  }

  var stripe = {
    elements: elements,
    confirmPayment: function (args) {
      args = args || {};
      var group = args.elements;
      var clientSecret = args.clientSecret || (group && group._options().clientSecret);
      var element = group && (group.getElement("payment") || group.getElement("card"));
      if (!element) {
        return Promise.resolve({ error: { type: "integration_error", message: "confirmPayment needs elements with a mounted Payment Element." } });
      }
      var read = element._read();
      if (read.error) return Promise.resolve({ error: read.error });
      var confirmParams = args.confirmParams || {};
      var extra = {};
      if (confirmParams.return_url) extra.return_url = confirmParams.return_url;
      if (confirmParams.receipt_email) extra.receipt_email = confirmParams.receipt_email;
      return confirmWithCard(clientSecret, read.card, extra).then(function (result) {
        if (result.error) {
          element._showError(result.error.message);
          return result;
        }
        if (args.redirect !== "if_required" && confirmParams.return_url) {
          var target = new URL(confirmParams.return_url, window.location.href);
          target.searchParams.set("payment_intent", result.paymentIntent.id);
          target.searchParams.set("payment_intent_client_secret", clientSecret);
          target.searchParams.set("redirect_status", result.paymentIntent.status);
          window.location.assign(target.toString());
          return new Promise(function () {});
        }
        return result;
      });
    },
    confirmCardPayment: function (clientSecret, data) {
      data = data || {};
      if (typeof data.payment_method === "string") {
        return confirmWithCard(clientSecret, null, { payment_method: data.payment_method });
      }
      var element = data.payment_method && data.payment_method.card;
      if (!element || !element._read) {
        return Promise.resolve({ error: { type: "integration_error", message: "confirmCardPayment needs payment_method.card to be a card Element." } });
      }
      var read = element._read();
      if (read.error) return Promise.resolve({ error: read.error });
      return confirmWithCard(clientSecret, read.card);
    },
    retrievePaymentIntent: function (clientSecret) {
      var id = intentIdOf(clientSecret);
      if (!id) return Promise.resolve({ error: { type: "invalid_request_error", message: "Invalid value for clientSecret." } });
      return request("GET", "/v1/payment_intents/" + encodeURIComponent(id), { client_secret: clientSecret }).then(function (answer) {
        return answer.ok ? { paymentIntent: answer.json } : { error: answer.json.error };
      });
    },
    createToken: unsupported("createToken"),
    createPaymentMethod: unsupported("createPaymentMethod"),
    confirmSetup: unsupported("confirmSetup"),
    handleNextAction: unsupported("handleNextAction"),
    _registerWrapper: function (wrapper) { wrappers.push(wrapper); },
    registerAppInfo: function (info) { appInfo = info; },
    _standIn: {
      publishableKey: publishableKey,
      options: stripeOptions || {},
      wrappers: function () { return wrappers.slice(); },
      appInfo: function () { return appInfo; }
    }
  };
  return stripe;
}

function unsupported(name) {
  return function () {
    return Promise.resolve({ error: { type: "invalid_request_error", message: name + " is not supported by the Stripe.js stand-in." } });
  };
}

Stripe.version = RELEASE;
window.Stripe = Stripe;
`;

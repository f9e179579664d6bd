// Star rating widget: progressive enhancement of the plain GET form that
// leads to the rating page. With this script the captcha comes in place,
// the vote is sent to the JSON API, and the new average shows at once.
// The page itself has no captcha and no CSRF token (it stays cacheable):
// both come from /api/ratings/captcha/ when the reader starts to rate, with
// a proof-of-work challenge (ALTCHA's v1) that this script solves while the
// reader types the captcha, and sends with the vote (field "altcha").
(function () {
  "use strict";

  // SHA-256 in plain JavaScript: for the short inputs of the proof of work it
  // is many times faster than one Web Crypto call per number, and it needs no
  // secure context.
  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Int32Array(64);
  var H = new Int32Array(8);

  // The SHA-256 of an ASCII string, as eight 32-bit words in H.
  function sha256(text) {
    var length = text.length;
    var words = new Int32Array((((length + 8) >> 6) + 1) * 16);
    var i, t;
    for (i = 0; i < length; i++) { words[i >> 2] |= text.charCodeAt(i) << (24 - (i & 3) * 8); }
    words[length >> 2] |= 0x80 << (24 - (length & 3) * 8);
    words[words.length - 1] = length * 8;
    H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    for (i = 0; i < words.length; i += 16) {
      for (t = 0; t < 64; t++) {
        if (t < 16) {
          W[t] = words[i + t];
        } else {
          var x = W[t - 15], y = W[t - 2];
          W[t] = (W[t - 16] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
            W[t - 7] + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
        }
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    return H;
  }

  // Finds n with SHA-256(salt + n) = challenge, trying 0, 1, ... in slices of
  // a few milliseconds (the page stays responsive in between). Resolves to
  // the base64 payload the API expects, or "" when no number fits or
  // `stale()` says a newer challenge replaced this one.
  function solveProof(challenge, stale) {
    var target = new Int32Array(8);
    for (var i = 0; i < 8; i++) { target[i] = parseInt(challenge.challenge.substr(i * 8, 8), 16) | 0; }
    var max = Number(challenge.maxNumber || challenge.maxnumber);
    var salt = challenge.salt;
    var n = 0;
    return new Promise(function (resolve) {
      function slice() {
        if (stale()) { resolve(""); return; }
        var until = Date.now() + 10;
        for (; n <= max; n++) {
          var hash = sha256(salt + n);
          if (hash[0] === target[0] && hash[1] === target[1] && hash[2] === target[2] &&
              hash[3] === target[3] && hash[4] === target[4] && hash[5] === target[5] &&
              hash[6] === target[6] && hash[7] === target[7]) {
            resolve(btoa(JSON.stringify({
              algorithm: challenge.algorithm, challenge: challenge.challenge,
              number: n, salt: salt, signature: challenge.signature
            })));
            return;
          }
          if ((n & 1023) === 0 && Date.now() > until) { n++; setTimeout(slice, 0); return; }
        }
        resolve("");
      }
      slice();
    });
  }
  // bench/proof.py times the solver in Chromium, at phone-like CPU speeds.
  window.vpcpSolveProof = solveProof;

  function request(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.cache = "no-store";
    options.headers = Object.assign({ Accept: "application/json" }, options.headers || {});
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function firstMessage(errors, field) {
    return errors && errors[field] && errors[field].length ? errors[field][0] : "";
  }

  function RatingWidget(section) {
    this.section = section;
    this.form = section.querySelector("[data-rating-form]");
    this.summary = section.querySelector("[data-rating-summary]");
    this.meterFill = section.querySelector("[data-rating-meter-fill]");
    this.status = section.querySelector("[data-rating-status]");
    this.captchaBox = section.querySelector("[data-rating-captcha]");
    this.template = section.querySelector("[data-rating-captcha-template]");
    this.submitButton = section.querySelector("[data-rating-submit]");
    this.apiUrl = section.getAttribute("data-api-url");
    this.captchaUrl = section.getAttribute("data-captcha-url");
    this.csrfToken = "";
    this.audioUrl = null;
    this.captchaLoaded = false;
    this.busy = false;
  }

  RatingWidget.prototype.start = function () {
    var self = this;
    this.section.classList.add("is-enhanced");
    this.form.addEventListener("change", function (event) {
      if (event.target.name === "score") {
        self.clearError("score");
        // Arrow keys fire one change per star: ask for one captcha, not one per key.
        if (!self.captchaLoaded && !self.captchaPending) { self.loadCaptcha(false); }
      }
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.send();
    });
    this.captchaBox.addEventListener("click", function (event) {
      if (event.target.closest("[data-captcha-refresh]")) {
        self.loadCaptcha(true);
      } else if (event.target.closest("[data-captcha-audio]") && self.audioUrl) {
        new Audio(self.audioUrl).play().catch(function () { window.location.href = self.audioUrl; });
      }
    });
    // The page may come from a cache: fetch the current numbers.
    request(this.apiUrl).then(function (result) {
      if (result.status !== 200) { return; }
      self.showSummary(result.body);
      if (result.body.your_score) {
        self.showOwnScore(result.body.your_score);
      } else if (result.body.voted) {
        self.finish(self.section.getAttribute("data-msg-already"), false);
      }
    }).catch(function () {});
  };

  RatingWidget.prototype.field = function (selector) {
    return this.captchaBox.querySelector(selector);
  };

  RatingWidget.prototype.loadCaptcha = function (focusAnswer) {
    var self = this;
    // Only the newest request may fill the form: an older answer arriving late
    // would swap the key under the reader's typing and clear the answer.
    var ticket = this.captchaTicket = (this.captchaTicket || 0) + 1;
    this.captchaPending = true;
    return request(this.captchaUrl).then(function (result) {
      if (ticket !== self.captchaTicket) { return; }
      self.captchaPending = false;
      if (result.status !== 200) {
        self.say(firstMessage(result.body.errors, "__all__") || self.section.getAttribute("data-msg-failed"), "error");
        return;
      }
      if (!self.captchaBox.firstElementChild) {
        self.captchaBox.appendChild(self.template.content.cloneNode(true));
      }
      var data = result.body;
      var image = self.field("[data-captcha-image]");
      image.src = data.image_url;
      if (data.image_2x_url) { image.srcset = data.image_2x_url + " 2x"; }
      image.alt = data.image_alt;
      if (data.image_width) {
        image.width = data.image_width;
        image.height = data.image_height;
      }
      self.field("[data-captcha-key]").value = data.key;
      self.proof = data.altcha ? solveProof(data.altcha, function () {
        return ticket !== self.captchaTicket;
      }) : Promise.resolve("");
      var answer = self.field("[data-captcha-answer]");
      answer.value = "";
      self.field("[data-captcha-audio]").hidden = !data.audio_url;
      self.audioUrl = data.audio_url;
      self.csrfToken = data.csrf_token;
      self.captchaBox.hidden = false;
      self.captchaLoaded = true;
      if (focusAnswer) { answer.focus(); }
    }).catch(function () {
      if (ticket !== self.captchaTicket) { return; }
      self.captchaPending = false;
      self.say(self.section.getAttribute("data-msg-failed"), "error");
    });
  };

  RatingWidget.prototype.send = function () {
    var self = this;
    if (this.busy) { return; }
    var checked = this.form.querySelector("input[name=score]:checked");
    if (!checked) {
      this.showError("score", this.section.getAttribute("data-msg-choose-score"));
      this.form.querySelector("input[name=score]").focus();
      return;
    }
    if (!this.captchaLoaded) { this.loadCaptcha(true); return; }
    var answer = this.field("[data-captcha-answer]");
    if (!answer.value.trim()) {
      this.showError("captcha", this.field(".rating-captcha-label").textContent);
      answer.focus();
      return;
    }
    var body = new URLSearchParams();
    body.set("score", checked.value);
    body.set("captcha_0", this.field("[data-captcha-key]").value);
    body.set("captcha_1", answer.value);
    this.busy = true;
    this.submitButton.disabled = true;
    this.say("", null);
    // Usually solved already, while the reader typed the captcha.
    this.proof.then(function (payload) {
      body.set("altcha", payload);
      return request(self.apiUrl, {
        method: "POST",
        headers: { "X-CSRFToken": self.csrfToken, "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      });
    }).then(function (result) {
      self.busy = false;
      self.submitButton.disabled = false;
      self.answered(result);
    }).catch(function () {
      self.busy = false;
      self.submitButton.disabled = false;
      self.say(self.section.getAttribute("data-msg-failed"), "error");
      self.loadCaptcha(false);
    });
  };

  RatingWidget.prototype.answered = function (result) {
    var errors = (result.body && result.body.errors) || {};
    this.clearError("score");
    this.clearError("captcha");
    if (result.status === 201) {
      this.showSummary(result.body);
      // A held vote is received but not in the average: the label is unchanged.
      this.finish(result.body.message + (result.body.held ? "." : ". " + result.body.label + "."), true);
      // Keyboard and screen-reader users land on the thank-you, which is read out.
      this.status.focus();
      return;
    }
    if (result.status === 409) {
      this.finish(firstMessage(errors, "__all__"), false);
      return;
    }
    if (result.status === 400) {
      if (errors.score) { this.showError("score", errors.score[0]); }
      if (errors.captcha) { this.showError("captcha", errors.captcha[0]); }
      if (errors.__all__ || errors.altcha) { this.say((errors.__all__ || errors.altcha)[0], "error"); }
    } else {
      this.say(firstMessage(errors, "__all__") || this.section.getAttribute("data-msg-failed"), "error");
    }
    // A captcha answers once, right or wrong: always bring a new one.
    var self = this;
    this.loadCaptcha(false).then(function () {
      if (errors.captcha) {
        self.field("[data-captcha-answer]").focus();
      } else if (errors.score) {
        self.form.querySelector("input[name=score]").focus();
      }
    });
  };

  RatingWidget.prototype.showSummary = function (data) {
    if (!data || !data.label) { return; }
    this.summary.textContent = data.label;
    // Five 24-unit stars: the fill covers average x 24 units.
    var average = Math.max(0, Math.min(Number(data.average) || 0, 5));
    if (this.meterFill) { this.meterFill.setAttribute("width", (average * 24).toFixed(1)); }
    var meter = this.section.querySelector("[data-rating-meter]");
    if (meter) { meter.toggleAttribute("hidden", !data.count); }
  };

  // This browser voted before (the API read its voter cookie): show its stars.
  RatingWidget.prototype.showOwnScore = function (score) {
    var input = this.form.querySelector("input[name=score][value='" + Number(score) + "']");
    if (input) { input.checked = true; }
    var template = this.section.getAttribute("data-msg-your-score") || "";
    this.finish(template.replace("{n}", String(score)), false);
  };

  RatingWidget.prototype.finish = function (message, success) {
    this.section.classList.add("is-done");
    this.captchaBox.hidden = true;
    this.captchaBox.textContent = "";
    this.captchaLoaded = false;
    this.form.querySelectorAll("input[name=score]").forEach(function (input) { input.disabled = true; });
    this.say(message, success ? "success" : "info");
  };

  RatingWidget.prototype.say = function (message, kind) {
    this.status.textContent = message || "";
    this.status.className = "rating-status" + (kind ? " is-" + kind : "");
  };

  RatingWidget.prototype.errorElement = function (field) {
    return this.section.querySelector("[data-error-for=" + field + "]");
  };

  // The element that carries the field's state: the radio group, or the answer box.
  RatingWidget.prototype.controlOf = function (field) {
    return field === "score" ? this.form.querySelector(".rating-fieldset") : this.field("[data-captcha-answer]");
  };

  RatingWidget.prototype.showError = function (field, message) {
    var element = this.errorElement(field);
    if (!element) { this.say(message, "error"); return; }
    element.textContent = message;
    element.hidden = false;
    var control = this.controlOf(field);
    if (!control) { return; }
    if (field !== "score") { control.setAttribute("aria-invalid", "true"); }
    var described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(element.id) < 0) { described.push(element.id); }
    control.setAttribute("aria-describedby", described.join(" "));
  };

  RatingWidget.prototype.clearError = function (field) {
    var element = this.errorElement(field);
    if (!element) { return; }
    element.textContent = "";
    element.hidden = true;
    var control = this.controlOf(field);
    if (control) { control.removeAttribute("aria-invalid"); }
  };

  function startAll() {
    if (!window.fetch || !window.URLSearchParams || !window.Int32Array ||
        !("content" in document.createElement("template"))) {
      return; // old browser: the plain form and rating page still work
    }
    document.querySelectorAll("[data-rating]").forEach(function (section) {
      if (!section.classList.contains("is-enhanced")) { new RatingWidget(section).start(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();

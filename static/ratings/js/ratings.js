// Star rating widget: progressive enhancement of the plain GET form that
// leads to the rating page. With this script the captcha comes in place,
// the vote is sent to the JSON API, and the new average shows at once.
// The page itself has no captcha and no CSRF token (it stays cacheable):
// both come from /api/ratings/captcha/ when the reader starts to rate, with
// a proof-of-work challenge (ALTCHA's v1) that this script solves while the
// reader types the captcha (proof.js, loaded first), and sends with the
// vote (field "altcha").
(function () {
  "use strict";


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
    this.ownLabel = section.querySelector("[data-rating-own-label]");
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
        self.listen();
      }
    });
    // The page may come from a cache: fetch the current numbers.
    request(this.apiUrl).then(function (result) {
      if (result.status !== 200) { return; }
      self.showSummary(result.body);
      if (result.body.your_score) {
        self.showOwnScore(result.body.your_score, result.body.your_state);
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
      self.proof = data.altcha ? window.vpcpSolveProof(data.altcha, function () {
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
      // The reader's score, labelled apart from the average; a held vote is
      // received but not in the average (its message says so): no label then.
      var own = this.ownVoteSentence(result.body.your_score, "visible");
      this.labelOwnStars();
      this.finish(result.body.message + ". " + own + "." + (result.body.held ? "" : " " + result.body.label + "."), true);
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

  // What the reader is told of their own vote, in the rating page's words
  // (ratings.formatting.own_vote_sentence): the score, held for a moderator,
  // or (hidden by one) not counted, without repeating its score.
  RatingWidget.prototype.ownVoteSentence = function (score, state) {
    if (state === "hidden") { return this.section.getAttribute("data-msg-your-vote-hidden") || ""; }
    var name = state === "held" ? "data-msg-your-score-held" : "data-msg-your-score";
    return (this.section.getAttribute(name) || "").replace("{n}", String(score));
  };

  // This browser voted before (the API read its voter cookie): show its
  // stars, unless a moderator hid the vote (then they would claim it counted).
  RatingWidget.prototype.showOwnScore = function (score, state) {
    if (state !== "hidden") {
      var input = this.form.querySelector("input[name=score][value='" + Number(score) + "']");
      if (input) { input.checked = true; this.labelOwnStars(); }
    }
    this.finish(this.ownVoteSentence(score, state), false);
  };

  // The checked stars are now the reader's score, not a choice: say so
  // beside them, apart from the average.
  RatingWidget.prototype.labelOwnStars = function () {
    if (this.ownLabel) { this.ownLabel.hidden = false; }
  };

  RatingWidget.prototype.finish = function (message, success) {
    this.section.classList.add("is-done");
    this.captchaBox.hidden = true;
    this.captchaBox.textContent = "";
    this.captchaLoaded = false;
    this.form.querySelectorAll("input[name=score]").forEach(function (input) { input.disabled = true; });
    this.say(message, success ? "success" : "info");
  };

  // Play the captcha's audio. A refusal (heard too often, too many listenings
  // from this network) is said in the widget, not shown as a raw answer.
  RatingWidget.prototype.listen = function () {
    var self = this;
    var url = this.audioUrl;
    new Audio(url).play().catch(function () {
      request(url).then(function (result) {
        if (result.status === 200 || !result.body.errors) {
          window.location.href = url;
          return;
        }
        self.showError("captcha", firstMessage(result.body.errors, "captcha"));
      }).catch(function () { window.location.href = url; });
    });
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
    if (!window.fetch || !window.URLSearchParams || !window.vpcpSolveProof ||
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

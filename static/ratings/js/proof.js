// The proof of work of a vote (ratings/proof.py, ALTCHA's v1 challenge):
// find the number n with SHA-256(salt + n) = challenge, and build the payload
// the rating API expects in the field "altcha". Used by the widget
// (ratings.js) while the reader types the captcha.
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
  // For the widget (ratings.js) and bench/proof.py, which times it in
  // Chromium at phone-like CPU speeds.
  if (window.Int32Array && window.Promise && window.btoa) { window.vpcpSolveProof = solveProof; }
})();

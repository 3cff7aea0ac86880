import { describe, expect, it } from 'vitest';
import { convertHtmlToText, isHtmlText } from './html-text';

describe('HTML bodies as readable text', () => {
  it('drops scripts, styles, images and frames, decodes entities and breaks lines at blocks', () => {
    const html = [
      '<!DOCTYPE html><html><head><title>Offer</title><style>p { color: red }</style><script>window.__x = 1</script></head>',
      '<body><p>Dear&nbsp;friend &amp; customer,</p><div>You have <b>won</b> &pound;1,000&#33;<br>Claim today.</div>',
      '<img src="http://tracker.test/p.gif" onerror="alert(1)"><iframe src="http://evil.test"></iframe><noscript>enable js</noscript>',
      '<table><tr><td>Price</td><td>FREE</td></tr></table><a href="http://claim.test/now">Click here</a></body></html>',
    ].join('');
    const text = convertHtmlToText(html);
    expect(text).toBe('Dear friend & customer,\n\nYou have won £1,000!\nClaim today.\n\nPrice\n\nFREE\n\nClick here [http://claim.test/now]');
    expect(text).not.toMatch(/window|color|tracker|evil|enable js|Offer|</);
  });

  it('recognises HTML, but not text that merely contains angle brackets', () => {
    expect(isHtmlText('<html><body>Hi</body></html>')).toBe(true);
    expect(isHtmlText('Hello<br>there<br>friend')).toBe(true);
    expect(isHtmlText('<p>one paragraph</p>')).toBe(true);
    expect(isHtmlText('if a < b and b > c then a < c')).toBe(false);
    expect(isHtmlText('Write to <ann@example.com> or <bob@example.com>')).toBe(false);
    expect(isHtmlText('One <b>bold</b> word only')).toBe(true);
    // Pasted attack markup is not a document: it stays visible as the characters it is.
    expect(isHtmlText('Great <img src=x onerror="alert(1)"> buy <script>window.__xss=2</script> again')).toBe(false);
  });
});

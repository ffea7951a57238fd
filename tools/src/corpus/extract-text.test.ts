import { describe, expect, it } from 'vitest';
import { htmlParagraphs, isCleanSentence, podParagraphs, sentencesOf } from './extract-text.ts';

describe('htmlParagraphs', () => {
  it('keeps the text of <p> and Publican <div class="para">, not code, tables or navigation', () => {
    const html = `<html><head><style>p { color: red }</style><script>var p = "<p>not prose</p>";</script></head><body>
      <div class="navheader"><a href="x.html">Next</a></div>
      <p class="first">The <code class="literal">SELECT</code> command retrieves rows from zero or more tables, as the
      <a href="sql.html">reference</a> explains &mdash; in order.</p>
      <pre class="programlisting">SELECT * FROM t; -- a long line of code that is not prose at all, really</pre>
      <table><tr><td><p>A cell of a table is not a paragraph of running prose, and is dropped.</p></td></tr></table>
      <div class="para">
        APT doesn&#39;t simply evaluate packages individually, but considers them as a whole&nbsp;and picks the best.
        <div class="example">an example block</div>
      </div>
      <p>Short.</p>
      <p>Caf\u00e9 owners write \u201cnice\u201d things that are long enough to be a paragraph of prose here.</p>
    </body></html>`;
    expect(htmlParagraphs(html)).toEqual([
      'The SELECT command retrieves rows from zero or more tables, as the reference explains -- in order.',
      "APT doesn't simply evaluate packages individually, but considers them as a whole and picks the best.",
    ]);
  });

  it('decodes numeric entities and typographic quotes to ASCII', () => {
    const [p] = htmlParagraphs('<p>&#8220;Quoted&#8221; words and the author&#x2019;s note stay readable in plain ASCII text.</p>');
    expect(p).toBe('"Quoted" words and the author\'s note stay readable in plain ASCII text.');
  });

  it('leaves a numeric entity beyond Unicode as written instead of failing the whole gather', () => {
    expect(htmlParagraphs('<p>An entity &#x110000; beyond Unicode stays as it is written in this paragraph.</p>')).toEqual([
      'An entity &#x110000; beyond Unicode stays as it is written in this paragraph.',
    ]);
  });
});

describe('podParagraphs', () => {
  it('keeps ordinary paragraphs with formatting codes reduced to their text', () => {
    const pod = [
      '=head1 NAME',
      '',
      'perlfaq4 - Data Manipulation',
      '',
      '=head2 Why am I getting long decimals?',
      '',
      'Internally, your computer represents floating-point numbers in binary. See L<perlnumber> and',
      'the B<sprintf> function, or C<< $x->format >> and E<lt>tagsE<gt>.X<decimal>',
      '',
      '    my $code = "verbatim blocks are code and never prose";',
      '',
      '=begin html',
      '',
      '<p>Raw HTML between begin and end is never read as prose by this reader.</p>',
      '',
      '=end html',
      '',
      'For the long explanation, see L<the article|http://example.com/fp.pdf> about floating point.',
    ].join('\n');
    // "perlfaq4 - Data Manipulation" is too short to be prose (under 60 characters).
    expect(podParagraphs(pod)).toEqual([
      'Internally, your computer represents floating-point numbers in binary. See perlnumber and the sprintf function, or $x->format and <tags>.',
      'For the long explanation, see the article about floating point.',
    ]);
  });

  it('keeps a bare link target that is a URL whole', () => {
    const [p] = podParagraphs('The whole specification is at L<https://example.com/spec.html>, read it for the details of each part.');
    expect(p).toBe('The whole specification is at https://example.com/spec.html, read it for the details of each part.');
  });
});

describe('sentences from documentation prose', () => {
  it('splits and keeps only ordinary sentences', () => {
    const sentences = sentencesOf('Now you are in the shell. The shell interprets your commands. Run ls -la /etc/apt now.').filter((s) => isCleanSentence(s));
    expect(sentences).toEqual(['Now you are in the shell.', 'The shell interprets your commands.']);
  });
});

using System.Text;
using Ingestion.Core.Documents.Extraction;
using MimeKit;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>E-mail (.eml) made here with MimeKit, as mail clients write it: headers, body without quoted replies, attachments.</summary>
public sealed class EmailFormatTests
{
    [Fact]
    public void AMailIsItsHeadersThenItsOwnWordsThenItsAttachments()
    {
        var builder = new BodyBuilder
        {
            TextBody = "Hi team,\n\nThe new rates start in March.\n\nOn Mon, 2 Mar 2026 at 09:00, Bob <bob@example.com> wrote:\n> Do the rates change this year?\n> Thanks\n\nAnn",
        };
        builder.Attachments.Add("rates.csv", "Zone,Rate\nNorth,12\n"u8.ToArray(), ContentType.Parse("text/csv"));
        builder.Attachments.Add("sources.zip", [0x50, 0x4B, 0x03, 0x04], ContentType.Parse("application/zip"));
        var mail = Mail("Rates for 2026", builder.ToMessageBody());

        var text = TextExtractorRegistry.Default.Extract("message/rfc822", mail).Text;

        Assert.Equal(
            "Subject: Rates for 2026\nFrom: Ann <ann@example.com>\nTo: team@example.com\nDate: 2026-03-02 10:30 +01:00\n\n"
            + "Hi team,\n\nThe new rates start in March.\n\nAnn\n\n"
            + "Attachment rates.csv:\n\n| Zone | Rate |\n| --- | --- |\n| North | 12 |\n\n"
            + "Attachment sources.zip (application/zip): not a format this system reads.",
            text);
    }

    [Fact]
    public void AnHtmlOnlyMailIsReadAsHtmlAndAnOutlookReplyLosesTheOriginalBelowIt()
    {
        var builder = new BodyBuilder { HtmlBody = "<html><body><p>Approved.</p><p>-----Original Message-----</p><p>From: Bob</p><p>Please approve the budget.</p></body></html>" };

        var text = TextExtractorRegistry.Default.Extract("message/rfc822", Mail("RE: Budget", builder.ToMessageBody())).Text;

        Assert.EndsWith("\n\nApproved.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Please approve", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableAttachmentIsNamedWithWhyAndTheMailIsStillRead()
    {
        var builder = new BodyBuilder { TextBody = "See the deck." };
        builder.Attachments.Add("deck.pptx", "PK\u0003\u0004 truncated"u8.ToArray(), ContentType.Parse("application/vnd.openxmlformats-officedocument.presentationml.presentation"));

        var text = TextExtractorRegistry.Default.Extract("message/rfc822", Mail("Deck", builder.ToMessageBody())).Text;

        Assert.Contains("See the deck.", text, StringComparison.Ordinal);
        Assert.Contains("Attachment deck.pptx: not read (The content is not a readable PPTX file", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MailsAttachedToMailsAreReadToABoundedDepth()
    {
        var innermost = new MimeMessage();
        MimeEntity body = new TextPart("plain") { Text = "Level 4 words." };
        for (var level = 3; level >= 0; level--)
        {
            var attached = Message($"Level {level + 1}", body);
            var multipart = new Multipart("mixed") { new TextPart("plain") { Text = $"Level {level} words." }, new MessagePart { Message = attached } };
            body = multipart;
        }

        var text = TextExtractorRegistry.Default.Extract("message/rfc822", Write(Message("Level 0", body))).Text;

        Assert.Contains("Level 3 words.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Level 4 words.", text, StringComparison.Ordinal);
        Assert.Equal(EmailExtractor.MaxAttachedMailDepth, text.Split("Attached mail:").Length - 1);
    }

    [Fact]
    public void AttachmentsPastTheBoundAreNotReadAndTheMailSaysSo()
    {
        var builder = new BodyBuilder { TextBody = "Many files." };
        for (var i = 0; i <= EmailExtractor.MaxAttachments; i++)
        {
            builder.Attachments.Add($"note-{i}.txt", Encoding.UTF8.GetBytes($"Note number {i}."), ContentType.Parse("text/plain"));
        }

        var text = TextExtractorRegistry.Default.Extract("message/rfc822", Mail("Files", builder.ToMessageBody())).Text;

        Assert.Contains($"Note number {EmailExtractor.MaxAttachments - 1}.", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"Note number {EmailExtractor.MaxAttachments}.", text, StringComparison.Ordinal);
        Assert.EndsWith($"Attachments after the first {EmailExtractor.MaxAttachments} were not read.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some words, no headers at all")]
    public void ContentThatIsNotAMailFailsSayingSo(string content)
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("message/rfc822", content + " "));

        Assert.Contains("not a readable e-mail", error.Message, StringComparison.Ordinal);
    }

    private static MimeMessage Message(string subject, MimeEntity body)
    {
        var message = new MimeMessage { Subject = subject, Body = body, Date = new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.FromHours(1)) };
        message.From.Add(new MailboxAddress("Ann", "ann@example.com"));
        message.To.Add(MailboxAddress.Parse("team@example.com"));
        return message;
    }

    private static string Mail(string subject, MimeEntity body) => Write(Message(subject, body));

    private static string Write(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

using System.Globalization;
using System.Text;
using MimeKit;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// E-mail (<c>message/rfc822</c>, an <c>.eml</c> file) with MimeKit: a first block of its subject, sender, recipients
/// and date, then its body (the plain text part, else the HTML part read as HTML) with quoted replies taken out, then
/// each attachment of a format this system reads, after a line naming it. Attachments are bounded in number and
/// attached mails read to a bounded depth; an attachment that cannot be read is named with why, and the mail is
/// still indexed.
/// </summary>
public sealed class EmailExtractor(IReadOnlyList<ITextExtractor> attachmentReaders) : ITextExtractor
{
    public const string ContentType = "message/rfc822";

    /// <summary>Attachments read at most, attached mails' included.</summary>
    public const int MaxAttachments = 50;

    /// <summary>How deep mails attached to mails are read.</summary>
    public const int MaxAttachedMailDepth = 3;

    /// <summary>MIME parts nested deeper are read as leaves (MimeKit's own guard against stack exhaustion).</summary>
    private const int MaxMimeDepth = 64;

    private readonly Dictionary<string, ITextExtractor> _readers = attachmentReaders
        .SelectMany(r => r.ContentTypes.Select(t => (Type: t, Reader: r)))
        .ToDictionary(p => p.Type, p => p.Reader, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content), writable: false);
            message = MimeMessage.Load(new ParserOptions { MaxMimeDepth = MaxMimeDepth }, stream, cancellationToken);
        }
        catch (Exception exception) when (exception is FormatException or ParseException)
        {
            throw new ExtractionException($"The content is not a readable e-mail: {exception.Message}", exception);
        }

        if (message.Headers.Count == 0)
        {
            throw new ExtractionException("The content is not a readable e-mail: it has no headers.");
        }

        var blocks = new TextBlocks();
        var attachments = 0;
        AddMessage(blocks, message, depth: 0, ref attachments, cancellationToken);
        return new ExtractedText(blocks.ToString());
    }

    private void AddMessage(TextBlocks blocks, MimeMessage message, int depth, ref int attachments, CancellationToken cancellationToken)
    {
        var headers = new List<string>();
        void Header(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                headers.Add($"{name}: {value}");
            }
        }

        Header("Subject", message.Subject);
        Header("From", Addresses(message.From));
        Header("To", Addresses(message.To));
        Header("Cc", Addresses(message.Cc));
        Header("Date", message.Date == DateTimeOffset.MinValue ? null : message.Date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture));
        blocks.AddPreformatted(string.Join('\n', headers));

        var body = message.TextBody is { } plain
            ? plain
            : message.HtmlBody is { } html ? TryRead("text/html", html, cancellationToken) ?? string.Empty : string.Empty;
        foreach (var paragraph in QuotedReplies.Collapse(body, cancellationToken).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            blocks.Append(paragraph);
            blocks.Break();
        }

        // Attachments, and mails forwarded inline (a message part without an attachment disposition); inline images
        // and a body's other alternatives are not attachments.
        foreach (var attachment in message.BodyParts.Where(p => p.IsAttachment || p is MessagePart))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++attachments > MaxAttachments)
            {
                blocks.Append($"Attachments after the first {MaxAttachments} were not read.");
                blocks.Break();
                return;
            }

            switch (attachment)
            {
                case MessagePart { Message: { } attached } when depth < MaxAttachedMailDepth:
                    blocks.Append("Attached mail:");
                    blocks.Break();
                    AddMessage(blocks, attached, depth + 1, ref attachments, cancellationToken);
                    break;
                case MimePart part:
                    AddAttachment(blocks, part, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Mailboxes as people write them, <c>Ann &lt;ann@example.com&gt;</c>, without MIME's quoting and encoding.</summary>
    private static string Addresses(InternetAddressList list) =>
        string.Join(", ", list.Mailboxes.Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    private void AddAttachment(TextBlocks blocks, MimePart part, CancellationToken cancellationToken)
    {
        var name = part.FileName ?? part.ContentType.MimeType;
        if (!_readers.TryGetValue(part.ContentType.MimeType, out var reader))
        {
            blocks.Append($"Attachment {name} ({part.ContentType.MimeType}): not a format this system reads.");
            blocks.Break();
            return;
        }

        try
        {
            using var decoded = new MemoryStream();
            part.Content?.DecodeTo(decoded, cancellationToken);
            var content = reader.TakesBase64
                ? Convert.ToBase64String(decoded.GetBuffer(), 0, (int)decoded.Length)
                : (part.ContentType.CharsetEncoding ?? Encoding.UTF8).GetString(decoded.GetBuffer(), 0, (int)decoded.Length);
            var text = reader.Extract(content, cancellationToken).Text;
            blocks.Append($"Attachment {name}:");
            blocks.AddPreformatted(text);
        }
        catch (ExtractionException unreadable)
        {
            blocks.Append($"Attachment {name}: not read ({unreadable.Message})");
            blocks.Break();
        }
    }

    private string? TryRead(string contentType, string content, CancellationToken cancellationToken)
    {
        try
        {
            return _readers.TryGetValue(contentType, out var reader) ? reader.Extract(content, cancellationToken).Text : null;
        }
        catch (ExtractionException)
        {
            return null;
        }
    }
}

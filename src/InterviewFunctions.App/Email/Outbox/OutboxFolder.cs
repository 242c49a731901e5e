using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.App.Storage;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Email.Outbox;

/// <summary>One email in the outbox, as the listing shows it.</summary>
public sealed record OutboxItem(string Id, string Kind, string? InterviewId, IReadOnlyList<string> To, string Subject, DateTimeOffset SentAt);

public sealed record OutboxFilter(string? Kind = null, string? InterviewId = null);

public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, string? ContinuationToken);

/// <summary>
/// The outbox on disk: <c>{DataDirectory}/outbox/{tenant}/{id}.eml</c>, one immutable file per email, named by the hash
/// of its idempotency key. The listing reads each file's headers once and remembers them (a file never changes
/// after it is written), so listing a large outbox costs a directory scan and a sort.
/// </summary>
public sealed partial class OutboxFolder(IOptions<StorageOptions> storage)
{
    public const string Extension = ".eml";

    private readonly ConcurrentDictionary<string, OutboxItem> _summaries = new(StringComparer.Ordinal);

    public string Root { get; } = Path.Combine(storage.Value.DataDirectoryFullPath, "outbox");

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    /// <summary>A tenant's folder. Ids that are safe file names are used as they are; any other is hex-encoded behind a '~', which no safe name contains.</summary>
    public string TenantDirectory(string tenantId)
    {
        var name = SafeTenant().IsMatch(tenantId) ? tenantId : "~" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(tenantId));
        return Path.Combine(Root, name);
    }

    /// <param name="id">Must satisfy <see cref="IsId"/>; that is what keeps a request inside the tenant's folder.</param>
    public string PathOf(string tenantId, string id) =>
        IsId(id) ? Path.Combine(TenantDirectory(tenantId), id + Extension) : throw new ArgumentException("Not an outbox id.", nameof(id));

    /// <summary>The listing summary of a file, read from its headers once.</summary>
    public async Task<OutboxItem> SummaryAsync(string path, CancellationToken cancellationToken)
    {
        if (_summaries.TryGetValue(path, out var known))
        {
            return known;
        }
        var headers = await ReadHeadersAsync(path, cancellationToken);
        string Value(string name) => headers.TryGetValue(name, out var v) ? MimeText.Decode(v).Trim() : "";
        var sentAt = DateTimeOffset.TryParse(Value(MimeWriter.SentAtHeader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : File.GetLastWriteTimeUtc(path);
        var item = new OutboxItem(
            Path.GetFileNameWithoutExtension(path),
            Value(MimeWriter.KindHeader),
            headers.ContainsKey(MimeWriter.InterviewIdHeader) ? Value(MimeWriter.InterviewIdHeader) : null,
            headers.TryGetValue("To", out var to) ? MimeText.Addresses(to) : [],
            Value("Subject"),
            sentAt);
        return _summaries.GetOrAdd(path, item);
    }

    /// <summary>Newest first; the continuation token names the last item handed out.</summary>
    /// <exception cref="FormatException">The continuation token is not one this method made.</exception>
    public async Task<OutboxPage> ListAsync(string tenantId, OutboxFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        (long Ticks, string Id)? after = continuationToken is null ? null : ParseToken(continuationToken);
        var directory = TenantDirectory(tenantId);
        if (!Directory.Exists(directory))
        {
            return new OutboxPage([], null);
        }
        var items = new List<OutboxItem>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (!IsId(Path.GetFileNameWithoutExtension(path)))
            {
                continue;
            }
            OutboxItem item;
            try
            {
                item = await SummaryAsync(path, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            if ((filter.Kind is null || item.Kind == filter.Kind) && (filter.InterviewId is null || item.InterviewId == filter.InterviewId))
            {
                items.Add(item);
            }
        }
        var ordered = items
            .OrderByDescending(i => i.SentAt.UtcTicks).ThenByDescending(i => i.Id, StringComparer.Ordinal)
            .Where(i => after is not { } a || i.SentAt.UtcTicks < a.Ticks || (i.SentAt.UtcTicks == a.Ticks && string.CompareOrdinal(i.Id, a.Id) < 0))
            .Take(pageSize + 1)
            .ToList();
        if (ordered.Count <= pageSize)
        {
            return new OutboxPage(ordered, null);
        }
        var last = ordered[pageSize - 1];
        return new OutboxPage(ordered[..pageSize], UrlSafeToken.Wrap(string.Create(CultureInfo.InvariantCulture, $"{last.SentAt.UtcTicks}:{last.Id}")));
    }

    private static (long, string) ParseToken(string token)
    {
        string text;
        try
        {
            text = UrlSafeToken.Unwrap(token);
        }
        catch (Core.Interviews.InvalidContinuationTokenException e)
        {
            throw new FormatException("Not an outbox continuation token.", e);
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && IsId(text[(colon + 1)..])
            ? (ticks, text[(colon + 1)..])
            : throw new FormatException("Not an outbox continuation token.");
    }

    /// <summary>The header block (up to the first empty line), unfolded later by <see cref="MimeText.Decode"/>.</summary>
    private static async Task<Dictionary<string, string>> ReadHeadersAsync(string path, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = new StreamReader(path, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { BufferSize = 4096 });
        string? name = null;
        var value = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(MimeText.Crlf).Append(line);
                continue;
            }
            Store();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            name = colon > 0 ? line[..colon] : null;
            value.Clear().Append(colon > 0 ? line[(colon + 1)..].TrimStart() : "");
        }
        Store();
        return headers;

        void Store()
        {
            if (name is not null)
            {
                headers.TryAdd(name, value.ToString());
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeTenant();
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.Core.Queues;

namespace InterviewFunctions.App.Queues.AzureStorage;

/// <summary>The queue service refused a request, after retries where retrying could help.</summary>
public sealed class QueueServiceException(HttpStatusCode status, string? errorCode, string message) : StorageServiceException(status, errorCode, message);

/// <summary>
/// Azure Storage Queues over their REST API (the SDK does not restore here), with SharedKey or Entra ID. Message text
/// travels Base64-encoded, as the Functions queue trigger expects. Transient failures (408, 429, 5xx, network errors)
/// are retried by <see cref="StorageRequests"/>. Queues are created on first send.
/// </summary>
public sealed class AzureStorageMessageQueues : IMessageQueues, IQueueInspection
{
    public const string ApiVersion = "2021-12-02";
    internal const int MaxAttempts = StorageRequests.MaxAttempts;

    private readonly StorageRequests _requests;
    private readonly string _serviceUri;
    private readonly ConcurrentDictionary<string, bool> _createdQueues = new(StringComparer.Ordinal);

    public AzureStorageMessageQueues(HttpClient http, StorageAuthorization authorization, Uri serviceUri, TimeProvider clock, ILogger<AzureStorageMessageQueues> logger)
    {
        _requests = new StorageRequests(http, authorization, ApiVersion, clock, logger);
        _serviceUri = serviceUri.AbsoluteUri.TrimEnd('/');
    }

    public string Name => "azure-storage";

    public Uri ServiceUri => new(_serviceUri);

    public async Task CreateQueueIfMissingAsync(string queue, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        if (_createdQueues.ContainsKey(queue))
        {
            return;
        }
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"{_serviceUri}/{queue}"), cancellationToken);
        // 201 created, 204 it already existed; 409 it exists with other metadata, which is still a queue to use.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw await FailureAsync(response, cancellationToken);
        }
        _createdQueues[queue] = true;
    }

    public async Task<QueueReceipt> SendAsync(string queue, string text, TimeSpan visibilityDelay, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        QueueNames.ValidateSend(queue, text, visibilityDelay, timeToLive);
        var ttl = timeToLive ?? QueueNames.DefaultTimeToLive;
        var ttlSeconds = ttl == Timeout.InfiniteTimeSpan ? "-1" : Seconds(ttl);
        var body = $"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}</MessageText></QueueMessage>";
        HttpRequestMessage Build() => new(HttpMethod.Post, $"{_serviceUri}/{queue}/messages?visibilitytimeout={Seconds(visibilityDelay)}&messagettl={ttlSeconds}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/xml"),
        };

        var response = await SendAsync(Build, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && await ErrorCodeAsync(response, cancellationToken) == "QueueNotFound")
        {
            response.Dispose();
            _createdQueues.TryRemove(queue, out _);
            await CreateQueueIfMissingAsync(queue, cancellationToken);
            response = await SendAsync(Build, cancellationToken);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw await FailureAsync(response, cancellationToken);
            }
            var message = (await ReadXmlAsync(response, cancellationToken)).Root!.Element("QueueMessage")!;
            return new QueueReceipt(Text(message, "MessageId"), Text(message, "PopReceipt"), Time(message, "TimeNextVisible"));
        }
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        QueueNames.ValidateReceive(queue, maxMessages, visibilityTimeout);
        var messages = await GetMessagesAsync(queue, $"numofmessages={maxMessages}&visibilitytimeout={Seconds(visibilityTimeout)}", cancellationToken);
        return messages.Select(m => new QueueMessage(
            Text(m, "MessageId"),
            Text(m, "PopReceipt"),
            Decode(Text(m, "MessageText")),
            int.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Time(m, "InsertionTime"),
            Time(m, "ExpirationTime"),
            Time(m, "TimeNextVisible"))).ToList();
    }

    /// <summary>The <c>QueueMessage</c> elements of a Get or Peek Messages answer; none when the queue does not exist yet.</summary>
    private async Task<IEnumerable<XElement>> GetMessagesAsync(string queue, string query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{_serviceUri}/{queue}/messages?{query}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, cancellationToken);
        }
        var document = await ReadXmlAsync(response, cancellationToken);
        return document.Root!.Elements("QueueMessage");
    }

    public async Task DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Delete, $"{_serviceUri}/{queue}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}"),
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return;
        }
        if (await IsMessageGoneAsync(response, cancellationToken))
        {
            throw new QueueMessageNotFoundException(queue, messageId);
        }
        throw await FailureAsync(response, cancellationToken);
    }

    public async Task<QueueReceipt> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        QueueNames.ValidateUpdate(queue, visibilityTimeout);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, $"{_serviceUri}/{queue}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}&visibilitytimeout={Seconds(visibilityTimeout)}"),
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            var receipt = Header(response, "x-ms-popreceipt");
            var nextVisible = DateTimeOffset.ParseExact(Header(response, "x-ms-time-next-visible"), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return new QueueReceipt(messageId, receipt, nextVisible);
        }
        if (await IsMessageGoneAsync(response, cancellationToken))
        {
            throw new QueueMessageNotFoundException(queue, messageId);
        }
        throw await FailureAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<PeekedQueueMessage>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "1 to 32 messages can be peeked at once.");
        }
        var messages = await GetMessagesAsync(queue, $"peekonly=true&numofmessages={maxMessages}", cancellationToken);
        return messages.Select(m => new PeekedQueueMessage(
            Text(m, "MessageId"),
            Decode(Text(m, "MessageText")),
            int.Parse(Text(m, "DequeueCount"), CultureInfo.InvariantCulture),
            Time(m, "InsertionTime"),
            Time(m, "ExpirationTime"))).ToList();
    }

    public async Task<int> ApproximateMessageCountAsync(string queue, CancellationToken cancellationToken)
    {
        QueueNames.Validate(queue);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{_serviceUri}/{queue}?comp=metadata"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, cancellationToken);
        }
        return int.Parse(Header(response, "x-ms-approximate-messages-count"), CultureInfo.InvariantCulture);
    }

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken) =>
        _requests.SendAsync(build, cancellationToken);

    private static async Task<bool> IsMessageGoneAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.NotFound
        || (response.StatusCode == HttpStatusCode.BadRequest && await ErrorCodeAsync(response, cancellationToken) == "PopReceiptMismatch");

    private static Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        StorageRequests.ErrorCodeAsync(response, cancellationToken);

    private static Task<QueueServiceException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        StorageRequests.FailureAsync(response,
            "Check the account key in Queues:ConnectionString, or that the app's identity has the 'Storage Queue Data Contributor' role.",
            (status, code, message) => new QueueServiceException(status, code, message), cancellationToken);

    private static async Task<XDocument> ReadXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
    }

    private static string Text(XElement message, string name) =>
        message.Element(name)?.Value ?? throw new InvalidDataException($"The queue service's answer has no {name}.");

    private static DateTimeOffset Time(XElement message, string name) =>
        DateTimeOffset.ParseExact(Text(message, name), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : throw new InvalidDataException($"The queue service's answer has no {name} header.");

    /// <summary>Base64 as the Functions trigger writes it; a message someone put as plain text is handed over as it is.</summary>
    private static string Decode(string wire)
    {
        var buffer = new byte[wire.Length];
        return Convert.TryFromBase64String(wire, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : wire;
    }

    private static string Seconds(TimeSpan span) => ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

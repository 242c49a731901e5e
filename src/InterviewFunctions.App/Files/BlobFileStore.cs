using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.Core.Files;

namespace InterviewFunctions.App.Files;

/// <summary>
/// Files as block blobs in one container, over the Blob REST API (the SDK does not restore here), with SharedKey or
/// Entra ID through <see cref="StorageRequests"/>, which also retries transient failures. Content up to one block
/// (4 MiB) goes up in a single Put Blob; anything larger is sent as 4 MiB Put Blocks and committed with Put Block List,
/// so memory use stays at one block whatever the file's size, and nothing is visible under the key until the commit.
/// </summary>
public sealed partial class BlobFileStore : IFileStore
{
    public const string ApiVersion = "2021-12-02";
    public const int DefaultBlockSize = 4 * 1024 * 1024;


    private readonly StorageRequests _requests;
    private readonly string _containerUri;
    private readonly bool _createContainer;
    private readonly int _blockSize;
    private volatile bool _containerExists;

    public BlobFileStore(HttpClient http, StorageAuthorization authorization, Uri serviceUri, string container, bool createContainer,
        TimeProvider clock, ILogger<BlobFileStore> logger, int blockSize = DefaultBlockSize)
    {
        if (!ContainerPattern().IsMatch(container) || container.Contains("--", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Files:Container '{container}' is not a container name: 3 to 63 lower-case letters, digits and single hyphens, starting with a letter or digit.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _requests = new StorageRequests(http, authorization, ApiVersion, clock, logger);
        _containerUri = $"{serviceUri.AbsoluteUri.TrimEnd('/')}/{container}";
        _createContainer = createContainer;
        _blockSize = blockSize;
    }

    public Uri ContainerUri => new(_containerUri);

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        ArgumentNullException.ThrowIfNull(content);
        FileKeys.ValidateContentType(contentType);

        var block = new byte[_blockSize];
        var filled = await FillAsync(content, block, cancellationToken);
        var next = filled < _blockSize ? -1 : await ReadByteAsync(content, cancellationToken);
        if (next < 0)
        {
            await SendWithContainerAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(block, 0, filled) };
                request.Headers.Add("x-ms-blob-type", "BlockBlob");
                request.Headers.Add("x-ms-blob-content-type", contentType);
                return request;
            }, HttpStatusCode.Created, cancellationToken);
            return;
        }

        // A full first block and more to come: the whole file goes up block by block. The byte read to find out that
        // more was coming starts the second block.
        var ids = new List<string>();
        await PutBlockAsync(uri, ids, block, filled, cancellationToken);
        block[0] = (byte)next;
        filled = 1 + await FillAsync(content, block.AsMemory(1), cancellationToken);
        while (filled > 0)
        {
            await PutBlockAsync(uri, ids, block, filled, cancellationToken);
            filled = await FillAsync(content, block, cancellationToken);
        }
        var list = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in ids)
        {
            list.Append("<Latest>").Append(id).Append("</Latest>");
        }
        var body = Encoding.UTF8.GetBytes(list.Append("</BlockList>").ToString());
        using var committed = await _requests.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, uri + "?comp=blocklist") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
            request.Headers.Add("x-ms-blob-content-type", contentType);
            return request;
        }, cancellationToken);
        if (committed.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(committed, cancellationToken);
        }
    }

    public async Task<StoredFile?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        var response = await _requests.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, cancellationToken);
            }
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            var length = response.Content.Headers.ContentLength ?? throw new InvalidDataException("The blob service's answer has no Content-Length.");
            return new StoredFile(new ResponseStream(stream, response, length), contentType, length);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var uri = BlobUri(key);
        using var response = await _requests.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => true,
            // BlobNotFound, or ContainerNotFound before the first upload: either way there was nothing to delete.
            HttpStatusCode.NotFound => false,
            _ => throw await FailureAsync(response, cancellationToken),
        };
    }

    /// <summary>Create Container; an existing one (409) is what was wanted.</summary>
    public async Task CreateContainerIfMissingAsync(CancellationToken cancellationToken)
    {
        using var response = await _requests.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, _containerUri + "?restype=container"), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw await FailureAsync(response, cancellationToken);
        }
        _containerExists = true;
    }

    private async Task PutBlockAsync(string uri, List<string> ids, byte[] block, int length, CancellationToken cancellationToken)
    {
        // Block ids must all have the same length within a blob; a fixed-width counter gives that.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes("block-" + ids.Count.ToString("D6", CultureInfo.InvariantCulture)));
        // The first block meets a missing container; later ones find it there.
        await SendWithContainerAsync(
            () => new HttpRequestMessage(HttpMethod.Put, $"{uri}?comp=block&blockid={Uri.EscapeDataString(id)}") { Content = new ByteArrayContent(block, 0, length) },
            HttpStatusCode.Created, cancellationToken);
        ids.Add(id);
    }

    /// <summary>Sends a write; when the container is missing and may be created, creates it and sends once more.</summary>
    private async Task SendWithContainerAsync(Func<HttpRequestMessage> build, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (_createContainer && !_containerExists)
        {
            await CreateContainerIfMissingAsync(cancellationToken);
        }
        var response = await _requests.SendAsync(build, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && _createContainer
            && await StorageRequests.ErrorCodeAsync(response, cancellationToken) == "ContainerNotFound")
        {
            // Deleted since it was created: once more, then give up.
            response.Dispose();
            await CreateContainerIfMissingAsync(cancellationToken);
            response = await _requests.SendAsync(build, cancellationToken);
        }
        using (response)
        {
            if (response.StatusCode != expected)
            {
                throw await FailureAsync(response, cancellationToken);
            }
        }
    }

    private string BlobUri(string key) => $"{_containerUri}/{FileKeys.Validate(key)}";

    /// <summary>Reads until the buffer is full or the stream ends; a short count means the end.</summary>
    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[filled..], cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }

    /// <returns>The next byte, or -1 at the end of the stream.</returns>
    private static async Task<int> ReadByteAsync(Stream content, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        return await content.ReadAsync(one, cancellationToken) == 0 ? -1 : one[0];
    }

    private static Task<StorageServiceException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        StorageRequests.FailureAsync(response,
            "Check the account key in Files:ConnectionString, or that the app's identity has the 'Storage Blob Data Contributor' (or Owner) role on the account.",
            (status, code, message) => new StorageServiceException(status, code, message), cancellationToken);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();

    /// <summary>The body of a Get Blob answer, which keeps the answer (and its connection) until the caller is done.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response, long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

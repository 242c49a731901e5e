using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InterviewFunctions.Tests.Email;

/// <summary>
/// An SMTP peer on loopback that answers every command correctly except RCPT TO, which it answers with a chosen reply:
/// the way to see how the sender takes a refusal that maildev never gives.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ScriptedSmtpServer(string recipientReply)
    {
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(recipientReply));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(string recipientReply)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 scripted ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                var reply = verb switch
                {
                    "EHLO" or "HELO" => "250 scripted",
                    "MAIL" => "250 2.1.0 OK",
                    "RCPT" => recipientReply,
                    "RSET" or "NOOP" => "250 OK",
                    "QUIT" => "221 Bye",
                    _ => "502 5.5.2 Not implemented",
                };
                await writer.WriteLineAsync(reply);
                if (verb == "QUIT")
                {
                    break;
                }
            }
        }
    }
}

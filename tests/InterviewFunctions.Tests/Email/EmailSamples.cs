using System.Text;
using InterviewFunctions.Core.Email;

namespace InterviewFunctions.Tests.Email;

public static class EmailSamples
{
    public const string NonAsciiSubject = "Erinnerung: Vorstellungsgespräch mit Zoë am Montag – 10:00 Uhr (München) ✓";

    public static readonly byte[] Invitation = Encoding.UTF8.GetBytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Interview Functions//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:iv-1@interviews\r\n" +
        "SUMMARY:Technical interview – Zoë\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T094500Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

    /// <summary>Every byte value, so that a lossy encoding anywhere shows.</summary>
    public static readonly byte[] Binary = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];

    public static EmailMessage Message(
        string tenantId = "acme",
        string subject = NonAsciiSubject,
        string kind = "reminder",
        string? interviewId = "iv-1",
        bool attachments = true) => new(
            tenantId,
            kind,
            interviewId,
            [new EmailAddress("ada@example.com", "Ada Lovelace"), new EmailAddress("zoe@example.com", "Zoë Müller-Lüdenscheidt, PhD")],
            subject,
            "Hello Ada,\nyour interview is on Monday at 10:00 (Europe/Berlin).\n\nA line with = signs and trailing spaces   \n" + new string('x', 200) + "\nGrüße, 面接チーム",
            "<p>Hello Ada,</p><p>your interview is on <b>Monday</b> at 10:00 — see you!</p>",
            attachments
                ? [new EmailAttachment("invite.ics", "text/calendar; method=REQUEST", Invitation), new EmailAttachment("notes.bin", "application/octet-stream", Binary)]
                : [])
        {
            Cc = [new EmailAddress("bob@acme.test", "Bob \"The Builder\"")],
            ReplyTo = new EmailAddress("recruiting@acme.test", "Acme Recruiting"),
        };
}

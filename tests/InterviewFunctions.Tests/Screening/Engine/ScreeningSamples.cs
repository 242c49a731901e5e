using InterviewFunctions.Core.Jobs;
using InterviewFunctions.Core.Screening;

namespace InterviewFunctions.Tests.Screening.Engine;

/// <summary>Realistic jobs and resumes across fields, written for these tests.</summary>
internal static class ScreeningSamples
{
    public static readonly DateOnly UploadDay = new(2026, 11, 20);

    public static Job NewJob(string title, string description, string[] required, string[]? nice = null, int? minYears = null, int? maxYears = null) => new()
    {
        Id = "job-" + title.ToLowerInvariant().Replace(' ', '-'),
        TenantId = "acme",
        Title = title,
        Description = description,
        RequiredSkills = required,
        NiceToHaveSkills = nice ?? [],
        Experience = minYears is null && maxYears is null ? null : new ExperienceRange(minYears, maxYears),
        Status = JobStatus.Open,
        CreatedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero),
    };

    public static ScreeningInput Input(Job job, string resume, params ScreeningFlag[] flags) => new(job, resume, flags, UploadDay);

    public static readonly Job Backend = NewJob(
        "Senior Backend Engineer",
        """
        We run the logistics platform behind 400 warehouses.
        Requirements:
        - 5+ years of backend development in Go or Java.
        - Production experience with Kubernetes and PostgreSQL.
        - Event-driven design with Kafka.
        Nice to have:
        - Terraform and AWS certification.
        BSc in Computer Science or equivalent experience.
        """,
        ["Go", "Kubernetes", "PostgreSQL", "Kafka"],
        ["Terraform"],
        minYears: 5);

    public const string StrongBackend = """
        Priya Raman
        Backend engineer, London | priya@example.com

        SUMMARY
        Backend engineer with 8 years of experience building distributed systems.

        EXPERIENCE
        Staff Engineer, Parcelly Ltd
        Jan 2021 – Present
        - Run 40 Go services on K8s (EKS) with Helm and Argo CD.
        - Designed the PostgreSQL schema for the routing engine; tuned queries from 2 s to 40 ms.
        - Moved order events from cron jobs to Kafka topics with exactly-once consumers.

        Backend Engineer, ShipFast
        03/2018 - 12/2020
        - Built REST APIs in Java (Spring Boot) and Go.
        - Provisioned AWS infrastructure with Terraform.

        Software Developer, Ledgerline
        2016-2018
        - Wrote billing jobs in Java against MySQL.

        EDUCATION
        BSc Computer Science, University of Leeds, 2012 – 2015

        SKILLS
        Go, Java, Kubernetes, PostgreSQL, Kafka, Terraform, AWS
        """;

    public const string WeakBackend = """
        Tom Baker

        Profile
        Junior developer keen to learn cloud technologies.

        Work history
        Junior Developer, WebWorks
        Sep 2023 - Present
        - Maintained PHP websites and a MySQL database.
        - Wrote Docker files for local development.

        Education
        HND Computing, City College, 2021 – 2023

        Skills
        PHP, MySQL, HTML, CSS, Docker, Kubernetes
        """;

    public static readonly Job Nurse = NewJob(
        "Registered Nurse - Acute Medical Ward",
        """
        You will assess and care for adult patients on a busy 28-bed acute medical ward.
        Requirements: current NMC registration as a Registered Nurse, a BLS certificate, and at least two years of acute ward experience.
        Administer medication safely and recognise deteriorating patients using NEWS2.
        Bachelor's degree in nursing or equivalent.
        Experience with Epic or another EHR is a plus.
        """,
        [],
        [],
        minYears: 2);

    public const string NurseResume = """
        Grace Okafor, RN
        NMC PIN 12A3456E

        Professional summary
        Registered nurse with 6 years of acute care experience.

        Clinical experience
        Staff Nurse, Royal Infirmary Medical Admissions Unit
        May 2020 to Present
        • Assess and monitor 8 to 10 acute patients per shift using NEWS2 observations.
        • Administer IV and oral medication, including controlled drugs.
        • Escalate deteriorating patients through SBAR handover to the medical team.

        Healthcare Assistant, St Luke's Hospice
        Jan 2017 – Apr 2020
        • Supported end-of-life care and documented care plans.

        Education
        BSc (Hons) Adult Nursing, University of Manchester, 2014 - 2017

        Certifications
        Basic Life Support (BLS), Resuscitation Council UK, renewed 2026
        """;

    public static readonly Job Accountant = NewJob(
        "Senior Accountant",
        """
        Own the month-end close and reconciliations for a group of six entities.
        Must be a qualified CPA (or ACCA/CIMA). Minimum of 4 years of post-qualification experience.
        Prepare statutory accounts under US GAAP. Experience with NetSuite preferred.
        """,
        ["Month-end close", "US GAAP"],
        ["NetSuite"]);

    public const string AccountantResume = """
        Daniel Novak
        Certified Public Accountant (CPA), Illinois

        Experience
        Senior Accountant, Brightwater Foods — Feb 2019 – Present
        Run the month-end close for four entities: accruals, prepayments and bank reconciliations.
        Prepare quarterly financial statements under US GAAP for the audit committee.
        Staff Accountant, Keller & Co — Jun 2015 – Jan 2019
        Reconciliations and journals in NetSuite.

        Education
        Bachelor of Science in Accounting, DePaul University
        """;

    public static readonly Job Warehouse = NewJob(
        "Warehouse Operative",
        """
        Pick, pack and dispatch orders in our Leeds distribution centre.
        You must hold a valid counterbalance forklift licence.
        Experience with RF scanners and cycle counting is desirable.
        """,
        ["Picking", "Forklift licence"],
        ["Cycle counting"],
        minYears: 1);

    public const string WarehouseResume = """
        Marek Nowak
        Leeds

        Employment
        Warehouse Operative, Northline Logistics
        2021 – now
        Picked and packed 120 orders an hour using RF scanners.
        Loaded trailers with a counterbalance forklift.
        Weekly cycle counts in the chilled area.

        Licences
        RTITB counterbalance forklift licence (valid to 2027)
        """;

    public const string WarehouseResumeWithoutLicence = """
        Sam Hughes
        Leeds

        Employment
        Warehouse Operative, Northline Logistics
        2021 – now
        Picked and packed 120 orders an hour using RF scanners.
        Weekly cycle counts in the chilled area.
        """;

    public static readonly Job FoodProduction = NewJob(
        "Food Production Supervisor",
        """
        Lead a team of 12 on a ready-meals line.
        Level 3 food hygiene and working knowledge of HACCP are essential.
        Allergen management and BRCGS audits would be an advantage.
        3+ years in food manufacturing.
        """,
        ["HACCP", "Team leader"],
        ["BRCGS"]);

    public const string FoodResume = """
        Aisha Bello

        Experience
        Shift Supervisor, Greenfield Ready Meals
        Aug 2021 – Present
        Team leader for a 10-person line; ran HACCP checks and CCP records every shift.
        Prepared the site for its BRCGS audit (grade AA).

        Production Operative, Greenfield Ready Meals
        Aug 2019 – Jul 2021
        Followed allergen changeover procedures.

        Certifications
        Level 3 Award in Food Safety and HACCP, Highfield, 2022
        """;
}

namespace InterviewFunctions.Core.Preparation;

/// <param name="Id">Stable, lowercase: <c>kubernetes</c>, <c>registered-nursing-licence</c>.</param>
/// <param name="Name">How the skill is shown: "Kubernetes".</param>
/// <param name="Domains">The bank's domains (and IT role families) the skill belongs to, most typical first.</param>
/// <param name="Aliases">Ways job descriptions write it: names, synonyms, abbreviations. A leading '=' marks an
/// abbreviation that only counts in its own case ("=RN"), because in lowercase it is a common word or noise.</param>
public sealed record Skill(string Id, string Name, IReadOnlyList<string> Domains, IReadOnlyList<string> Aliases);

/// <param name="Index">The first token of the mention.</param>
/// <param name="Count">How many tokens it spans.</param>
public readonly record struct SkillMention(Skill Skill, int Index, int Count);

/// <summary>
/// Skills, certifications and methods that job descriptions ask for, across IT and the bank's non-IT fields, with the
/// synonyms and abbreviations they are written as ("RN" and "registered nurse", "K8s" and "Kubernetes", "GAAP").
/// Used to read job descriptions (question generation, and later resume screening) and to tag bank questions.
/// </summary>
public sealed class SkillLexicon
{
    private readonly PhraseMatcher<Skill> _matcher = new();
    private readonly Dictionary<string, Skill> _byId;

    public SkillLexicon(IEnumerable<Skill> skills)
    {
        Skills = [.. skills];
        _byId = Skills.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var skill in Skills)
        {
            foreach (var alias in skill.Aliases)
            {
                var caseSensitive = alias.StartsWith('=');
                _matcher.Add(caseSensitive ? alias[1..] : alias, skill, caseSensitive);
            }
        }
    }

    public static SkillLexicon Default { get; } = new(Entries());

    public IReadOnlyList<Skill> Skills { get; }

    public Skill? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Every mention of a known skill in the text, in order.</summary>
    public List<SkillMention> FindIn(string text, IReadOnlyList<TextToken> tokens) =>
        [.. _matcher.Matches(text, tokens).Select(m => new SkillMention(m.Value, m.Index, m.Count))];

    public List<SkillMention> FindIn(string text) => FindIn(text, TextTokens.Split(text));

    private static Skill S(string id, string name, string domains, string aliases) =>
        new(id, name, domains.Split(' ', StringSplitOptions.RemoveEmptyEntries), aliases.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<Skill> Entries() =>
    [
        // Backend and general software engineering.
        S("rest-api", "REST API design", "backend integration", "=REST|restful|rest api|http api|openapi|swagger|api design"),
        S("graphql", "GraphQL", "backend frontend", "graphql"),
        S("grpc", "gRPC", "backend integration", "grpc|protobuf|protocol buffers"),
        S("sql", "SQL", "data backend", "sql|t-sql|tsql|pl/sql|plsql|relational database|rdbms"),
        S("postgresql", "PostgreSQL", "backend data", "postgres|postgresql"),
        S("mysql", "MySQL", "backend data", "mysql|mariadb"),
        S("sql-server", "SQL Server", "backend data", "sql server|mssql"),
        S("nosql", "NoSQL databases", "backend data", "nosql|mongodb|cosmos db|cosmosdb|dynamodb|cassandra"),
        S("redis", "Caching (Redis)", "backend", "redis|caching|cache|memcached"),
        S("java", "Java", "backend", "java|=Spring|spring boot|jvm"),
        S("dotnet", ".NET and C#", "backend", ".net|c#|asp.net|dotnet|.net core|entity framework"),
        S("python", "Python", "backend data", "python|django|flask|fastapi|pandas"),
        S("golang", "Go", "backend devops", "golang|=Go"),
        S("nodejs", "Node.js", "backend frontend", "node.js|nodejs|express.js|nestjs"),
        S("microservices", "Microservices", "backend integration devops", "microservice|service oriented architecture|soa|distributed systems|distributed system"),
        S("concurrency", "Concurrency and async I/O", "backend", "concurrency|multithreading|multi threading|async|asynchronous|parallelism"),
        S("oauth", "Authentication and authorisation (OAuth, OIDC)", "backend integration frontend", "oauth|oauth2|oauth 2.0|openid connect|oidc|jwt|single sign on|sso|authentication|authorisation|authorization"),
        S("secure-coding", "Secure coding (OWASP)", "backend frontend", "owasp|secure coding|application security|appsec|sql injection"),
        S("testing", "Automated testing", "backend frontend data", "unit testing|unit tests|integration tests|integration testing|tdd|test driven|automated tests|automated testing|test automation"),
        S("observability", "Observability (metrics, logs, traces)", "devops backend", "observability|application monitoring|opentelemetry|prometheus|grafana|datadog|new relic|distributed tracing|application insights"),
        S("performance", "Performance tuning", "backend frontend", "performance tuning|performance optimisation|performance optimization|profiling|latency|scalability|high availability"),
        S("messaging", "Messaging and event-driven design", "integration backend", "event driven|event-driven|message queue|messaging|pub/sub|publish subscribe|idempotency|idempotent"),
        S("kafka", "Kafka", "integration data backend", "kafka|confluent|event streaming"),
        S("rabbitmq", "RabbitMQ", "integration backend", "rabbitmq|amqp|activemq"),
        S("service-bus", "Azure Service Bus", "integration", "service bus|azure service bus|event hubs|event grid"),
        S("schema-migrations", "Schema migrations", "backend data", "schema migration|database migration|flyway|liquibase"),
        S("system-design", "System design", "backend devops", "system design|software architecture|design patterns|domain driven design|ddd"),
        S("algorithms", "Algorithms and data structures", "algorithms", "algorithm|data structures|data structure|leetcode|coding interview|coding challenge|big o|complexity analysis|dynamic programming|computer science fundamentals|problem solving skills"),
        // Frontend.
        S("javascript", "JavaScript", "frontend", "javascript|js|ecmascript|es6"),
        S("typescript", "TypeScript", "frontend backend", "typescript"),
        S("react", "React", "frontend", "react|react.js|reactjs|next.js|nextjs|redux|react native"),
        S("angular", "Angular", "frontend", "angular|angularjs|rxjs|ngrx"),
        S("vue", "Vue.js", "frontend", "vue|vue.js|vuejs|nuxt|pinia|vuex"),
        S("html-css", "HTML and CSS", "frontend", "html|html5|css|css3|sass|scss|tailwind|flexbox|css grid|semantic html"),
        S("accessibility", "Web accessibility (WCAG)", "frontend", "accessibility|wcag|aria|a11y|screen reader"),
        S("web-performance", "Web performance (Core Web Vitals)", "frontend", "core web vitals|web performance|lighthouse|lcp|page speed"),
        S("state-management", "State management", "frontend", "state management|redux|zustand|mobx"),
        S("responsive-design", "Responsive design", "frontend", "responsive design|responsive|mobile first|cross browser"),
        S("frontend-build", "Frontend build tooling", "frontend", "webpack|vite|bundler|bundling|babel|esbuild"),
        S("e2e-testing", "End-to-end testing", "frontend", "cypress|playwright|selenium|jest|end to end tests|end-to-end testing|e2e"),
        // Data.
        S("etl", "ETL and data pipelines", "data integration", "etl|elt|data pipeline|data pipelines|data ingestion|ssis|informatica"),
        S("airflow", "Workflow orchestration (Airflow)", "data", "airflow|dagster|prefect|orchestration|azure data factory|data factory"),
        S("dbt", "dbt", "data", "dbt|data build tool"),
        S("spark", "Spark", "data", "spark|pyspark|databricks|hadoop|distributed processing"),
        S("data-warehouse", "Data warehousing", "data", "data warehouse|data warehousing|snowflake|bigquery|redshift|synapse|lakehouse|data lake|delta lake"),
        S("data-modelling", "Data modelling", "data backend", "data modelling|data modeling|dimensional modelling|dimensional modeling|star schema|kimball|slowly changing dimension"),
        S("data-quality", "Data quality", "data", "data quality|data validation|great expectations|data testing"),
        S("streaming", "Stream processing", "data integration", "stream processing|streaming|real time data|flink|kinesis|spark streaming"),
        S("bi", "BI and dashboards", "data financial-analysis", "power bi|tableau|looker|business intelligence|dashboards|dashboard|bi reporting|qlik"),
        S("data-governance", "Data governance", "data", "data governance|data lineage|data catalog|data catalogue|master data"),
        S("machine-learning", "Machine learning", "data algorithms", "machine learning|=ML|deep learning|scikit learn|tensorflow|pytorch"),
        // DevOps and cloud.
        S("aws-certification", "AWS certification", "devops backend data", "aws certified|aws certification|aws solutions architect|aws developer associate|aws sysops administrator|aws devops engineer"),
        S("azure-certification", "Microsoft Azure certification", "devops backend", "azure certification|azure certified|az 104|az 204|az 305|az 400|az 900|azure administrator associate|azure developer associate|azure solutions architect expert"),
        S("kubernetes-certification", "Kubernetes certification (CKA, CKAD)", "devops", "=CKA|=CKAD|=CKS|certified kubernetes administrator|certified kubernetes application developer"),
        S("kubernetes", "Kubernetes", "devops backend", "kubernetes|k8s|aks|eks|gke|openshift|helm|kubectl"),
        S("docker", "Containers (Docker)", "devops backend", "docker|container|containers|containerisation|containerization|podman"),
        S("ci-cd", "CI/CD pipelines", "devops backend frontend", "ci/cd|ci cd|continuous integration|continuous delivery|continuous deployment|github actions|gitlab ci|jenkins|azure devops|azure pipelines|build pipeline"),
        S("terraform", "Infrastructure as code (Terraform)", "devops", "terraform|infrastructure as code|iac|bicep|arm templates|cloudformation|pulumi|ansible"),
        S("aws", "AWS", "devops backend data", "aws|amazon web services|ec2|s3|lambda"),
        S("azure", "Microsoft Azure", "devops backend data integration", "azure|azure functions|app service"),
        S("gcp", "Google Cloud", "devops backend data", "gcp|google cloud|google cloud platform"),
        S("linux", "Linux and networking", "devops", "linux|unix|bash|shell scripting|networking|tcp/ip|dns|load balancer|load balancing"),
        S("sre", "Site reliability (SLOs, incident response)", "devops", "sre|site reliability|slo|slos|sla|error budget|on call|on-call|incident response|incident management|postmortem|post mortem"),
        S("deployment-strategies", "Deployment strategies", "devops", "blue green|canary|rolling deployment|feature flag|feature flags"),
        S("secrets", "Secrets and supply chain security", "devops", "secrets management|key vault|vault|sbom|supply chain security|devsecops"),
        S("finops", "Cloud cost management (FinOps)", "devops", "finops|cloud cost|cost optimisation|cost optimization"),
        S("git", "Git", "devops backend frontend", "git|github|gitlab|bitbucket|version control"),
        // Integration.
        S("soap", "SOAP and XML", "integration", "soap|wsdl|xml|xslt|xsd"),
        S("webhooks", "Webhooks", "integration backend", "webhook|webhooks|callbacks"),
        S("api-gateway", "API gateways and management", "integration", "api gateway|api management|apigee|kong|apim"),
        S("ipaas", "Integration platforms (iPaaS)", "integration", "mulesoft|boomi|ipaas|biztalk|logic apps|tibco|dell boomi|workato|esb|enterprise service bus"),
        S("edi", "EDI (X12, EDIFACT)", "integration supply-chain-planning", "edi|x12|edifact|electronic data interchange|as2"),
        S("cdc", "Change data capture", "integration data", "change data capture|cdc|debezium"),
        S("mtls", "Mutual TLS and certificates", "integration devops", "mtls|mutual tls|tls|ssl"),
        S("eip", "Enterprise integration patterns", "integration", "enterprise integration patterns|integration patterns|dead letter|dead-letter|retry policy|retries"),
        // Healthcare.
        S("registered-nurse", "Registered nurse (RN) licence", "registered-nursing", "registered nurse|=RN|=RNs|nursing licence|nursing license|nmc registration|nmc pin|bsn|nclex"),
        S("medication-administration", "Medication administration and safety", "registered-nursing pharmacy", "medication administration|medication safety|medicines administration|administering medication|drug administration|controlled drugs"),
        S("patient-assessment", "Patient assessment and vital signs", "registered-nursing physiotherapy", "patient assessment|vital signs|observations|news2|early warning score|deteriorating patient"),
        S("infection-control", "Infection prevention and control", "registered-nursing medical-laboratory healthcare-administration", "infection control|infection prevention|ipc|hand hygiene|ppe|aseptic technique"),
        S("care-planning", "Care planning and documentation", "registered-nursing social-work", "care plan|care planning|care plans|nursing documentation|care documentation"),
        S("bls", "Life support (BLS, ALS)", "registered-nursing physiotherapy", "bls|basic life support|acls|=ALS|advanced life support|cpr|pals"),
        S("sepsis", "Sepsis recognition", "registered-nursing", "sepsis|sepsis six"),
        S("wound-care", "Wound and pain management", "registered-nursing", "wound care|wound management|pain management|tissue viability|pressure ulcer|pressure ulcers"),
        S("sbar", "Clinical handover (SBAR)", "registered-nursing", "sbar|handover|clinical handover"),
        S("critical-care", "Acute and critical care", "registered-nursing", "icu|intensive care|critical care|emergency department|a&e|acute care|med surg|medical surgical"),
        S("ehr", "Electronic health records (EHR)", "healthcare-administration registered-nursing", "ehr|emr|electronic health record|electronic health records|electronic medical record|=Epic|cerner|systmone"),
        S("hipaa", "Health data privacy (HIPAA)", "healthcare-administration", "hipaa|patient confidentiality|caldicott|health information privacy"),
        S("medical-coding", "Medical coding and revenue cycle", "healthcare-administration", "medical coding|icd-10|icd 10|cpt|revenue cycle|medical billing|claims denial|denials management"),
        S("clinical-governance", "Clinical governance and accreditation", "healthcare-administration", "clinical governance|cqc|joint commission|accreditation|clinical audit"),
        S("patient-flow", "Patient flow and capacity", "healthcare-administration", "patient flow|bed management|capacity management|discharge planning|waiting list|waiting times"),
        S("pharmacist", "Pharmacist registration", "pharmacy", "pharmacist|pharmd|=RPh|gphc|pharmacy technician|=CPhT|dispensing"),
        S("clinical-screening", "Clinical screening and drug interactions", "pharmacy", "clinical screening|drug interactions|drug interaction|contraindications|medicines reconciliation|medication reconciliation|prescription screening"),
        S("aseptic", "Aseptic compounding", "pharmacy", "aseptic|compounding|usp 797|usp 800|tpn|chemotherapy"),
        S("pharmacovigilance", "Pharmacovigilance", "pharmacy", "pharmacovigilance|adverse drug reaction|adverse drug reactions|yellow card|antimicrobial stewardship"),
        S("physiotherapist", "Physiotherapy registration", "physiotherapy", "physiotherapist|physiotherapy|physical therapist|physical therapy|=DPT|hcpc|msk|musculoskeletal"),
        S("rehabilitation", "Rehabilitation and exercise prescription", "physiotherapy", "rehabilitation|rehab|exercise prescription|exercise therapy|neurological rehabilitation|falls prevention|manual therapy"),
        S("lab-qc", "Laboratory quality control", "medical-laboratory", "westgard|quality control|iqc|eqa|proficiency testing|method validation"),
        S("lab-accreditation", "Laboratory accreditation (ISO 15189, CAP, CLIA)", "medical-laboratory", "iso 15189|cap accreditation|clia|ukas"),
        S("lab-disciplines", "Clinical chemistry, haematology, microbiology, transfusion", "medical-laboratory", "clinical chemistry|biochemistry|haematology|hematology|microbiology|blood transfusion|blood bank|phlebotomy|specimen|specimens|=LIS|laboratory information system"),
        S("biomedical-scientist", "Biomedical / medical laboratory scientist", "medical-laboratory", "biomedical scientist|medical laboratory scientist|=MLS|=BMS|=MLT|clinical laboratory scientist|=CLS|ascp"),
        // Finance.
        S("cpa", "Professional accounting qualification (CPA, ACCA, CIMA)", "accounting auditing", "cpa|certified public accountant|acca|cima|=ACA|chartered accountant|=CMA"),
        S("gaap-ifrs", "Accounting standards (GAAP, IFRS)", "accounting auditing financial-analysis", "gaap|us gaap|ifrs|ifrs 15|ifrs 16|asc 606|asc 842|accounting standards|frs 102"),
        S("month-end", "Month-end close and reconciliations", "accounting", "month end|month-end|year end|year-end close|reconciliation|reconciliations|bank reconciliation|accruals|prepayments|journals|general ledger|accounts payable|accounts receivable|bookkeeping"),
        S("tax", "VAT and sales tax", "accounting", "vat|sales tax|tax returns|corporation tax|tax compliance"),
        S("consolidation", "Consolidation and intercompany", "accounting", "consolidation|intercompany|group reporting|statutory accounts|financial statements"),
        S("erp", "ERP systems", "accounting procurement supply-chain-planning", "erp|sap|oracle|netsuite|dynamics 365|=Sage|xero|quickbooks|workday financials"),
        S("excel", "Advanced Excel", "financial-analysis accounting", "=Excel|spreadsheets|vlookup|xlookup|pivot tables|power query|vba"),
        S("audit", "External and internal audit", "auditing", "audit|auditing|external audit|internal audit|audit planning|audit evidence|audit sampling|materiality|=ISA|pcaob|=IIA"),
        S("sox", "Internal controls (SOX)", "auditing accounting", "sox|sarbanes oxley|sox 404|internal controls|internal control|itgc|it general controls|coso"),
        S("fpa", "FP&A, budgeting and forecasting", "financial-analysis accounting", "fp&a|financial planning and analysis|budgeting|forecasting|budget|forecast|variance analysis|rolling forecast"),
        S("financial-modelling", "Financial modelling and valuation", "financial-analysis", "financial modelling|financial modeling|three statement model|dcf|discounted cash flow|valuation|wacc|npv|irr|lbo|comparables"),
        S("cfa", "CFA charter", "financial-analysis", "cfa|chartered financial analyst"),
        S("aml-kyc", "AML and KYC", "banking", "aml|anti money laundering|anti-money laundering|kyc|know your customer|cdd|edd|customer due diligence|sanctions screening|sanctions"),
        S("credit-analysis", "Credit analysis and lending", "banking", "credit analysis|credit risk|lending|underwriting loans|loan origination|credit assessment|mortgages|mortgage"),
        S("basel", "Capital and liquidity (Basel III)", "banking", "basel|basel iii|capital adequacy|liquidity coverage|alm|asset liability management|treasury"),
        S("payments", "Payment systems", "banking", "payments|swift|sepa|ach|faster payments|card payments"),
        S("underwriting", "Insurance underwriting", "insurance", "underwriting|underwriter|risk selection"),
        S("claims", "Claims handling", "insurance", "claims|claims handling|claims adjusting|loss adjusting|reserving|subrogation"),
        S("insurance-regulation", "Insurance regulation (Solvency II, IFRS 17)", "insurance", "solvency ii|ifrs 17|cii|chartered insurance institute|naic|lloyd's|reinsurance"),
        // Manufacturing, logistics, engineering.
        S("haccp", "HACCP and food safety", "food-manufacturing culinary", "haccp|food safety|food hygiene|food handler|food handling|servsafe|level 2 food hygiene|level 3 food hygiene"),
        S("gfsi", "GFSI standards (BRCGS, SQF, FSSC 22000)", "food-manufacturing", "brc|brcgs|sqf|fssc 22000|gfsi|iso 22000|fsma|preventive controls|pcqi"),
        S("allergens", "Allergen management", "food-manufacturing culinary", "allergen|allergens|allergen management|natasha's law"),
        S("sanitation", "Cleaning, sanitation and environmental monitoring", "food-manufacturing", "sanitation|ssop|cleaning schedule|environmental monitoring|listeria|hygiene"),
        S("traceability", "Traceability and recall", "food-manufacturing warehouse-operations", "traceability|recall|mock recall|lot control|batch records"),
        S("lean", "Lean manufacturing", "production-operations quality-assurance", "lean|lean manufacturing|5s|smed|kaizen|continuous improvement|value stream|standard work|six sigma|lean six sigma|green belt|black belt|dmaic"),
        S("oee", "OEE and production KPIs", "production-operations maintenance-technician", "oee|overall equipment effectiveness|production kpis|takt time|line balancing"),
        S("spc", "Statistical process control", "quality-assurance production-operations", "spc|statistical process control|control charts|cpk|process capability|msa|gauge r&r"),
        S("root-cause", "Root cause analysis (5 whys, 8D)", "quality-assurance production-operations maintenance-technician", "root cause analysis|root cause|rca|5 whys|8d|fishbone|ishikawa|capa|corrective action|corrective and preventive action"),
        S("iso-9001", "Quality management systems (ISO 9001, IATF 16949)", "quality-assurance", "iso 9001|iatf 16949|as9100|iso 13485|quality management system|qms"),
        S("core-tools", "Quality core tools (APQP, PPAP, FMEA)", "quality-assurance mechanical-engineering", "apqp|ppap|fmea|pfmea|dfmea|control plan|control plans"),
        S("quality-audit", "Internal and supplier audits", "quality-assurance", "supplier audit|supplier audits|internal audits|quality audit|lead auditor|supplier quality"),
        S("mrp", "Production planning and MRP", "production-operations supply-chain-planning", "mrp|material requirements planning|production scheduling|production planning|master scheduling|mps"),
        S("loto", "Lockout/tagout and permits to work", "maintenance-technician production-operations", "lockout tagout|lockout/tagout|loto|permit to work|isolation procedures"),
        S("plc", "PLCs and control systems", "maintenance-technician electrical-engineering", "plc|plcs|scada|hmi|allen bradley|siemens s7|control systems|industrial automation"),
        S("hydraulics", "Hydraulics and pneumatics", "maintenance-technician mechanical-engineering", "hydraulics|hydraulic|pneumatics|pneumatic"),
        S("preventive-maintenance", "Preventive maintenance and CMMS", "maintenance-technician", "preventive maintenance|preventative maintenance|planned maintenance|cmms|maximo|tpm|total productive maintenance|condition monitoring|vibration analysis|predictive maintenance|mtbf|mttr|reliability engineering"),
        S("electrical-qualification", "Electrical qualification and safety", "maintenance-technician electrical-engineering", "electrician|18th edition|bs 7671|nfpa 70e|arc flash|electrical safety|=NEC|iec 60204"),
        S("forklift", "Forklift and MHE certification", "warehouse-operations", "forklift|forklift licence|forklift license|forklift certification|counterbalance|reach truck|mhe|material handling equipment|pallet truck|rtitb"),
        S("wms", "Warehouse management systems", "warehouse-operations", "wms|warehouse management system|manhattan|blue yonder|sap ewm|rf scanner|rf scanning"),
        S("inventory-control", "Inventory control and cycle counting", "warehouse-operations supply-chain-planning", "inventory control|inventory management|cycle count|cycle counting|stock control|stock accuracy|inventory accuracy|fifo|fefo"),
        S("picking", "Picking, packing and dispatch", "warehouse-operations", "picking|pick and pack|picked and packed|picking and packing|order picking|order picker|putaway|goods in|goods out|dispatch|receiving|shipping"),
        S("demand-planning", "Demand forecasting", "supply-chain-planning", "demand planning|demand forecasting|forecast accuracy|statistical forecasting|demand planner"),
        S("sop", "S&OP and IBP", "supply-chain-planning", "s&op|sales and operations planning|ibp|integrated business planning"),
        S("safety-stock", "Safety stock and service levels", "supply-chain-planning", "safety stock|service level|service levels|reorder point|abc analysis|inventory optimisation|inventory optimization"),
        S("planning-systems", "Planning systems (SAP APO/IBP, Kinaxis, o9)", "supply-chain-planning", "kinaxis|o9|sap apo|sap ibp|blue yonder|anaplan"),
        S("sourcing", "Strategic sourcing and RFx", "procurement", "sourcing|strategic sourcing|rfp|rfq|rfi|rfx|tender|tendering|e-sourcing"),
        S("negotiation", "Negotiation", "procurement sales", "negotiation|negotiating|negotiate|negotiations"),
        S("supplier-management", "Supplier management", "procurement quality-assurance", "supplier management|supplier relationship management|srm|vendor management|supplier performance|supplier risk"),
        S("category-management", "Category management", "procurement", "category management|category manager|kraljic|spend analysis|total cost of ownership|tco"),
        S("contract-management", "Contract management", "procurement legal-paralegal public-administration", "contract management|contracts|contract negotiation|commercial contracts"),
        S("cips", "Procurement qualification (CIPS)", "procurement", "cips|mcips|cpsm"),
        S("incoterms", "Incoterms and trade", "procurement transportation-fleet", "incoterms|customs|freight forwarding"),
        S("drivers-hours", "Drivers' hours and tachographs", "transportation-fleet", "drivers hours|driver hours|hours of service|tachograph|tachographs|eld|elds|fmcsa|working time directive"),
        S("cdl", "Commercial driving licence (CDL, HGV, CPC)", "transportation-fleet", "cdl|commercial driver|hgv|lgv|class 1|class 2|c+e|driver cpc|cpc"),
        S("fleet-compliance", "Fleet compliance and maintenance", "transportation-fleet", "operator licence|o licence|dot compliance|dvsa|fleet maintenance|vehicle inspections|walkaround checks|fleet management"),
        S("route-planning", "Route planning and TMS", "transportation-fleet", "route planning|route optimisation|route optimization|tms|transport management system|telematics|dispatching|load planning"),
        S("dangerous-goods", "Dangerous goods (ADR, hazmat)", "transportation-fleet warehouse-operations", "=ADR|hazmat|dangerous goods|hazardous materials"),
        S("structural-design", "Structural design (Eurocodes, ACI, AISC)", "civil-engineering", "structural design|eurocode|eurocodes|aci 318|aisc|reinforced concrete|steel design|structural analysis"),
        S("geotechnical", "Geotechnics and foundations", "civil-engineering", "geotechnical|geotechnics|foundations|piling|soil mechanics|ground investigation"),
        S("construction-safety", "Construction safety (CDM, OSHA)", "civil-engineering", "cdm|cdm 2015|construction safety|temporary works|cscs|smsts"),
        S("civil-contracts", "Construction contracts (NEC, FIDIC)", "civil-engineering", "nec4|nec3|fidic|jct|contract administration"),
        S("cad", "CAD (AutoCAD, SolidWorks, Revit)", "mechanical-engineering civil-engineering electrical-engineering", "cad|autocad|solidworks|creo|siemens nx|catia|inventor|revit|civil 3d|bim"),
        S("fea", "Finite element analysis", "mechanical-engineering civil-engineering", "fea|finite element|finite element analysis|ansys|abaqus|stress analysis|cfd"),
        S("gdt", "GD&T and tolerancing", "mechanical-engineering quality-assurance", "gd&t|geometric dimensioning|tolerance stack|tolerance analysis|asme y14.5"),
        S("pressure-equipment", "Pressure equipment (ASME, PED)", "mechanical-engineering chemical-engineering", "asme|=PED|pressure vessel|pressure vessels|pressure equipment"),
        S("power-systems", "Power systems and protection", "electrical-engineering", "power systems|protection coordination|short circuit|load flow|switchgear|transformers|transformer|substation|etap|high voltage|=HV|=LV"),
        S("motors-drives", "Motors and drives (VFDs)", "electrical-engineering maintenance-technician", "vfd|vfds|variable frequency drive|variable speed drive|motor control|motors|inverter"),
        S("hazardous-areas", "Hazardous areas (ATEX, IECEx)", "electrical-engineering chemical-engineering", "atex|iecex|compex|hazardous area|hazardous areas"),
        S("process-safety", "Process safety (HAZOP, LOPA, SIL)", "chemical-engineering", "hazop|lopa|=SIL|process safety|psm|comah|seveso|hazid"),
        S("process-simulation", "Process simulation (Aspen)", "chemical-engineering", "aspen|aspen plus|hysys|process simulation|mass balance|energy balance|p&id|p&ids|pfd"),
        S("chartered-engineer", "Professional engineering registration (CEng, PE)", "civil-engineering mechanical-engineering electrical-engineering chemical-engineering", "chartered engineer|=CEng|=PE|professional engineer|=EIT|=IEng|=MIChemE|=IMechE|=ICE|=IET"),
        // Education.
        S("lesson-planning", "Lesson planning and curriculum", "teaching", "lesson planning|lesson plans|curriculum|scheme of work|schemes of work|national curriculum|common core"),
        S("assessment-for-learning", "Assessment and progress tracking", "teaching early-childhood-education", "formative assessment|summative assessment|assessment for learning|progress tracking|marking|feedback to pupils"),
        S("behaviour-management", "Behaviour management", "teaching early-childhood-education", "behaviour management|behavior management|classroom management|positive behaviour|positive behavior"),
        S("send", "Special educational needs (SEND, IEP)", "teaching early-childhood-education", "=SEND|=SEN|special educational needs|iep|ehcp|senco|differentiation|adaptive teaching"),
        S("safeguarding", "Safeguarding and child protection", "teaching early-childhood-education social-work registered-nursing", "safeguarding|child protection|dbs|enhanced dbs|background check|prevent duty|kcsie"),
        S("qts", "Teaching qualification (QTS, PGCE)", "teaching", "qts|pgce|teaching licence|teaching license|teaching credential|qualified teacher status|=ECT|=NQT"),
        S("eyfs", "Early years frameworks (EYFS, NAEYC)", "early-childhood-education", "eyfs|early years foundation stage|naeyc|head start|early years|preschool|nursery|play based learning|play-based learning|key person|=CDA"),
        S("eal", "English as an additional language (EAL)", "teaching", "eal|esl|=ELL|english as an additional language"),
        // Hospitality and retail.
        S("kitchen", "Kitchen operations and classical technique", "culinary", "mise en place|knife skills|a la carte|fine dining|banqueting|pastry|line cook|kitchen brigade|commis|chef de partie|sous chef|head chef"),
        S("menu-costing", "Menu costing and GP", "culinary hospitality-management", "menu costing|gross profit|=GP|food cost|food costing|menu development|recipe costing"),
        S("revenue-management", "Revenue management (ADR, RevPAR)", "hospitality-management", "revenue management|revpar|average daily rate|occupancy|yield management|ota|channel manager"),
        S("pms", "Property management systems", "hospitality-management", "pms|=Opera|property management system|front office|night audit|check-in"),
        S("guest-experience", "Guest experience and recovery", "hospitality-management", "guest experience|guest satisfaction|guest recovery|tripadvisor|guest relations|guest service"),
        S("retail-kpis", "Retail KPIs", "retail-management", "sales per hour|atv|upt|conversion rate|footfall|like for like|retail kpis"),
        S("merchandising", "Visual merchandising and planograms", "retail-management", "visual merchandising|merchandising|planogram|planograms|replenishment"),
        S("loss-prevention", "Loss prevention and shrink", "retail-management", "loss prevention|shrink|shrinkage|stock loss|theft prevention"),
        S("pnl", "P&L ownership", "retail-management hospitality-management production-operations", "p&l|profit and loss|budget management|labour cost|labor cost|cost control"),
        S("customer-service", "Customer service", "retail-management hospitality-management banking", "customer service|customer experience|customer satisfaction|nps|complaints handling|complaint handling"),
        // Public, legal, social care.
        S("litigation", "Litigation support", "legal-paralegal", "litigation|court filings|court filing|pleadings|trial preparation|disclosure"),
        S("e-discovery", "E-discovery and document review", "legal-paralegal", "e-discovery|ediscovery|edisclosure|relativity|document review|legal hold"),
        S("legal-research", "Legal research", "legal-paralegal", "legal research|westlaw|lexisnexis|lexis|case law"),
        S("conveyancing", "Conveyancing and corporate filings", "legal-paralegal", "conveyancing|companies house|corporate filings|due diligence|entity management|land registry"),
        S("paralegal-qualification", "Paralegal qualification", "legal-paralegal", "paralegal|cilex|legal executive|paralegal certificate|legal assistant"),
        S("policy-analysis", "Policy analysis and appraisal", "public-administration", "policy development|policy analysis|policy advice|options appraisal|impact assessment|green book|business case|cost benefit analysis|cost-benefit analysis"),
        S("public-governance", "Public governance and accountability", "public-administration", "governance|accountability|freedom of information|foi|ministerial|committee papers|briefings|select committee"),
        S("public-procurement", "Public procurement rules", "public-administration procurement", "public procurement|procurement act|public contracts regulations|=FAR|ojeu|find a tender"),
        S("stakeholder-engagement", "Stakeholder engagement", "public-administration human-resources", "stakeholder engagement|stakeholder management|public consultation|consultation|community engagement"),
        S("grants", "Grants management", "public-administration", "grants|grant management|grant funding|funding applications"),
        S("social-work-registration", "Social work registration", "social-work", "social worker|social work england|=LCSW|=LMSW|=AMHP|=ASYE|swe registration|social work degree"),
        S("social-work-law", "Social care legislation", "social-work", "children act|care act|mental health act|mental capacity act|deprivation of liberty|dols|section 47|section 17|child in need"),
        S("multi-agency", "Multi-agency working", "social-work", "multi-agency|multi agency|partnership working|core group|child protection conference|case conference"),
        S("trauma-informed", "Trauma-informed practice", "social-work", "trauma informed|trauma-informed|motivational interviewing|strengths based|strengths-based"),
        S("case-management", "Case management and recording", "social-work legal-paralegal", "case management|caseload|case notes|case recording|mosaic|liquidlogic"),
        // Business.
        S("employment-law", "Employment law", "human-resources", "employment law|labor law|labour law|tupe|acas|flsa|eeoc|right to work"),
        S("employee-relations", "Employee relations", "human-resources", "employee relations|disciplinary|grievance|investigations|workplace investigations|absence management"),
        S("recruitment", "Recruitment and selection", "human-resources", "recruitment|talent acquisition|sourcing candidates|onboarding"),
        S("hris", "HRIS and people data", "human-resources", "hris|workday|successfactors|bamboohr|people analytics|hr data|payroll"),
        S("cipd", "HR qualification (CIPD, SHRM)", "human-resources", "cipd|shrm|shrm-cp|phr|sphr"),
        S("dei", "Diversity, equity and inclusion", "human-resources", "diversity|equity and inclusion|dei|ed&i|edi strategy|inclusion"),
        S("performance-management", "Performance management", "human-resources production-operations", "performance management|performance reviews|appraisals|performance improvement plan"),
        S("crm", "CRM (Salesforce, HubSpot)", "sales", "crm|salesforce|hubspot|dynamics crm|pipedrive"),
        S("prospecting", "Prospecting and pipeline", "sales", "prospecting|cold calling|outbound|lead generation|pipeline management|pipeline generation|quota|new business|business development"),
        S("sales-methodology", "Sales methodology (MEDDICC, BANT)", "sales", "meddic|meddicc|meddpicc|bant|spin selling|challenger sale|solution selling|value selling|sandler"),
        S("account-management", "Account management", "sales banking", "account management|key account|key accounts|upsell|upselling|cross sell|renewals|customer success"),
        S("b2b-saas", "B2B / SaaS selling", "sales", "saas|b2b|enterprise sales|smb|mid market|mid-market"),
        // Cross-field competencies that drive behavioural questions.
        S("leadership", "Leadership and people management", "production-operations retail-management hospitality-management", "leadership|people management|line management|team leader|managing a team|lead a team|coaching|mentoring|direct reports"),
        S("communication", "Communication", "", "communication skills|communication|presentation skills|written communication|verbal communication"),
        S("stakeholders", "Working with stakeholders", "", "stakeholders|stakeholder|cross functional|cross-functional|collaboration|collaborate"),
        S("project-management", "Project management", "public-administration civil-engineering", "project management|agile|scrum|kanban|programme management|program management"),
        // Credentials are their own entries so that screening can ask for the certificate, not only the skill it certifies.
        S("pm-certification", "Project management certification (PMP, PRINCE2)", "public-administration civil-engineering", "pmp|prince2|project management professional|capm|prince2 practitioner|certified scrum master|scrum master certification"),
        S("first-aid", "First aid certificate", "early-childhood-education teaching warehouse-operations", "first aid|first aider|first aid at work|emergency first aid|paediatric first aid|pediatric first aid"),
        S("driving-licence", "Driving licence", "transportation-fleet", "driving licence|driving license|driver's licence|driver's license|drivers licence|drivers license"),
        S("health-safety", "Health and safety", "warehouse-operations production-operations civil-engineering culinary", "health and safety|osha|iosh|nebosh|risk assessments|coshh|manual handling|riddor"),
        S("data-protection", "Data protection (GDPR)", "human-resources healthcare-administration public-administration", "gdpr|data protection|uk gdpr|ccpa|privacy"),
    ];
}

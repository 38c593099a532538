//! Word lists for names. Kept as static tables so that generating 100k users picks
//! indices instead of building strings from scratch.

/// First words of company names.
#[rustfmt::skip]
pub const COMPANY_HEADS: &[&str] = &[
    "Harbour", "Vantage", "Northgate", "Bluewater", "Summit", "Cedar", "Redwood", "Meridian",
    "Aurora", "Granite", "Kestrel", "Lakeside", "Pioneer", "Silverline", "Oakridge", "Beacon",
    "Evergreen", "Atlas", "Crescent", "Horizon", "Ironbridge", "Juniper", "Maple", "Orchard",
    "Pinnacle", "Quayside", "Riverbend", "Sterling", "Tidewater", "Westbrook", "Zenith",
    "Ashford", "Brightwater", "Coastal", "Fairview", "Highland", "Lumen", "Nordic", "Obsidian",
    "Parkside", "Falcon", "Willow", "Copperfield", "Larkspur", "Saltmarsh", "Thornbury",
];

/// Second words of company names: what the company does.
#[rustfmt::skip]
pub const COMPANY_TRADES: &[&str] = &[
    "Logistics", "Dental Group", "Legal", "Accountancy", "Engineering", "Health", "Hotels",
    "Architects", "Recruitment", "Insurance", "Foods", "Motors", "Estates", "Consulting",
    "Veterinary", "Pharmacy", "Media", "Builders", "Schools", "Energy", "Freight", "Marine",
    "Analytics", "Robotics", "Textiles", "Print", "Travel", "Wealth", "Surveyors", "Clinics",
];

/// Given names as shown and as used in a user principal name (ASCII, lower case).
#[rustfmt::skip]
pub const GIVEN_NAMES: &[(&str, &str)] = &[
    ("Olivia", "olivia"), ("James", "james"), ("Amelia", "amelia"), ("Oliver", "oliver"),
    ("Sophie", "sophie"), ("Thomas", "thomas"), ("Emma", "emma"), ("Lukas", "lukas"),
    ("Léa", "lea"), ("Hugo", "hugo"), ("Chloé", "chloe"), ("Mateo", "mateo"),
    ("Lucía", "lucia"), ("Javier", "javier"), ("Giulia", "giulia"), ("Marco", "marco"),
    ("Sofia", "sofia"), ("Lars", "lars"), ("Ingrid", "ingrid"), ("Erik", "erik"),
    ("Freya", "freya"), ("Sven", "sven"), ("Anna", "anna"), ("Jonas", "jonas"),
    ("Mia", "mia"), ("Finn", "finn"), ("Siobhán", "siobhan"), ("Ciarán", "ciaran"),
    ("Aoife", "aoife"), ("Niamh", "niamh"), ("Priya", "priya"), ("Arjun", "arjun"),
    ("Ananya", "ananya"), ("Rohan", "rohan"), ("Mei", "mei"), ("Wei", "wei"),
    ("Hana", "hana"), ("Kenji", "kenji"), ("Yuki", "yuki"), ("Min-jun", "minjun"),
    ("Ji-woo", "jiwoo"), ("Fatima", "fatima"), ("Omar", "omar"), ("Aisha", "aisha"),
    ("Yusuf", "yusuf"), ("Layla", "layla"), ("Kwame", "kwame"), ("Amara", "amara"),
    ("Chidi", "chidi"), ("Zanele", "zanele"), ("Diego", "diego"), ("Valentina", "valentina"),
    ("Camila", "camila"), ("Gabriel", "gabriel"), ("João", "joao"), ("Beatriz", "beatriz"),
    ("Noah", "noah"), ("Emily", "emily"), ("Liam", "liam"), ("Grace", "grace"),
    ("Jack", "jack"), ("Isla", "isla"), ("Daniel", "daniel"), ("Hannah", "hannah"),
    ("Michael", "michael"), ("Sarah", "sarah"), ("David", "david"), ("Laura", "laura"),
    ("Pieter", "pieter"), ("Sanne", "sanne"), ("Daan", "daan"), ("Femke", "femke"),
    ("Jan", "jan"), ("Katarzyna", "katarzyna"), ("Piotr", "piotr"), ("Zofia", "zofia"),
    ("Nikolai", "nikolai"), ("Elena", "elena"), ("Dmitri", "dmitri"), ("Irina", "irina"),
    ("Ahmet", "ahmet"), ("Elif", "elif"), ("Mehmet", "mehmet"), ("Zeynep", "zeynep"),
    ("Chloe", "chloe"), ("Ethan", "ethan"), ("Ava", "ava"), ("Lucas", "lucas"),
    ("Charlotte", "charlotte"), ("Henry", "henry"), ("Ruby", "ruby"), ("Oscar", "oscar"),
];

/// Surnames as shown and as used in a user principal name (ASCII, lower case).
#[rustfmt::skip]
pub const SURNAMES: &[(&str, &str)] = &[
    ("Smith", "smith"), ("Jones", "jones"), ("Taylor", "taylor"), ("Brown", "brown"),
    ("Williams", "williams"), ("Wilson", "wilson"), ("Johnson", "johnson"), ("Davies", "davies"),
    ("Patel", "patel"), ("Walker", "walker"), ("Wright", "wright"), ("Thompson", "thompson"),
    ("Müller", "mueller"), ("Schmidt", "schmidt"), ("Schneider", "schneider"), ("Fischer", "fischer"),
    ("Weber", "weber"), ("Becker", "becker"), ("Martin", "martin"), ("Bernard", "bernard"),
    ("Dubois", "dubois"), ("Lefèvre", "lefevre"), ("Moreau", "moreau"), ("Laurent", "laurent"),
    ("García", "garcia"), ("Fernández", "fernandez"), ("López", "lopez"), ("Martínez", "martinez"),
    ("Rossi", "rossi"), ("Russo", "russo"), ("Ferrari", "ferrari"), ("Esposito", "esposito"),
    ("de Jong", "dejong"), ("Jansen", "jansen"), ("de Vries", "devries"), ("van Dijk", "vandijk"),
    ("Andersson", "andersson"), ("Johansson", "johansson"), ("Karlsson", "karlsson"),
    ("Nilsson", "nilsson"), ("Hansen", "hansen"), ("Nielsen", "nielsen"), ("Murphy", "murphy"),
    ("Kelly", "kelly"), ("O'Sullivan", "osullivan"), ("Walsh", "walsh"), ("Byrne", "byrne"),
    ("Sharma", "sharma"), ("Singh", "singh"), ("Kumar", "kumar"), ("Gupta", "gupta"),
    ("Chen", "chen"), ("Wang", "wang"), ("Li", "li"), ("Zhang", "zhang"), ("Tanaka", "tanaka"),
    ("Suzuki", "suzuki"), ("Sato", "sato"), ("Kim", "kim"), ("Park", "park"), ("Lee", "lee"),
    ("Nguyen", "nguyen"), ("Tran", "tran"), ("Khan", "khan"), ("Ali", "ali"),
    ("Hassan", "hassan"), ("Okafor", "okafor"), ("Mensah", "mensah"), ("Dlamini", "dlamini"),
    ("Silva", "silva"), ("Santos", "santos"), ("Oliveira", "oliveira"), ("Costa", "costa"),
    ("Kowalski", "kowalski"), ("Nowak", "nowak"), ("Ivanova", "ivanova"), ("Petrov", "petrov"),
    ("Yilmaz", "yilmaz"), ("Demir", "demir"), ("Anderson", "anderson"), ("Clarke", "clarke"),
    ("Robinson", "robinson"), ("Hughes", "hughes"), ("Edwards", "edwards"), ("Green", "green"),
    ("Hall", "hall"), ("Wood", "wood"), ("Harris", "harris"), ("Lewis", "lewis"),
];

#[rustfmt::skip]
pub const DEPARTMENTS: &[&str] = &[
    "Sales", "Marketing", "Finance", "Human Resources", "IT", "Operations", "Customer Service",
    "Legal", "Procurement", "Facilities", "Research and Development", "Logistics",
    "Executive Office", "Training",
];

/// Display names of the resource accounts (auto attendants, call queues) a customer gets.
#[rustfmt::skip]
pub const RESOURCE_ACCOUNTS: &[(&str, &str)] =
    &[("Main Line Auto Attendant", "aa-mainline"), ("Service Desk Call Queue", "cq-servicedesk")];

/// Words for the provider's own name and domain.
#[rustfmt::skip]
pub const PROVIDER_NAMES: &[&str] =
    &["Northwind", "Bluebell", "Castlegate", "Lighthouse", "Skyline", "Tenfold", "Waveline"];

/// Cities that host the provider's SBCs, with a short code for device names.
#[rustfmt::skip]
pub const SBC_CITIES: &[(&str, &str)] = &[
    ("London", "lon"), ("Amsterdam", "ams"), ("Frankfurt", "fra"), ("Dublin", "dub"),
    ("Paris", "par"), ("Seattle", "sea"), ("New York", "nyc"), ("Sydney", "syd"),
    ("Stockholm", "sto"), ("Madrid", "mad"),
];

"""Reference data: countries, names, streets, e-mail domains, companies, vocabularies, user agents."""
from __future__ import annotations


COUNTRY_WEIGHTS = {"US": 35, "GB": 15, "DE": 15, "FR": 10, "NL": 5, "ES": 5, "IT": 5, "CA": 5, "AU": 5}
COUNTRY_NAMES = {"US": "United States", "GB": "United Kingdom", "DE": "Germany", "FR": "France",
                 "NL": "Netherlands", "ES": "Spain", "IT": "Italy", "CA": "Canada", "AU": "Australia"}
CALLING_CODE = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "NL": "31", "ES": "34",
                "IT": "39", "AU": "61"}
CODE_TO_COUNTRY = {"44": "GB", "49": "DE", "33": "FR", "31": "NL", "34": "ES", "39": "IT", "61": "AU"}
TRUNK_COUNTRIES = {"GB", "DE", "FR", "NL", "AU"}   # national numbers written with a leading 0
NANP = {"US", "CA"}
CURRENCY = {"US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "DE": "EUR", "FR": "EUR", "NL": "EUR",
            "ES": "EUR", "IT": "EUR"}
TZ_BASE_MINUTES = {"US": [-300, -300, -360, -420, -480, -480], "CA": [-300, -300, -480, -360],
                   "GB": [0], "DE": [60], "FR": [60], "NL": [60], "ES": [60], "IT": [60], "AU": [600, 600, 480]}
SOUTHERN = {"AU"}
LANGUAGE = {"US": "en", "CA": "en", "GB": "en", "AU": "en", "DE": "de", "FR": "fr", "NL": "nl",
            "ES": "es", "IT": "it"}

NAMES = {
    "US": (["James", "Mary", "Michael", "Jennifer", "David", "Linda", "Robert", "Patricia", "John",
            "Elizabeth", "Daniel", "Sarah", "Matthew", "Jessica", "Christopher", "Ashley", "Joshua",
            "Emily", "Andrew", "Megan", "José", "María", "Luis", "Sofía", "Wei", "Zoë", "Chloé",
            "DeShawn", "Aaliyah", "Sam", "Anne", "Julia", "Joe", "Brittany", "Tyler"],
           ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
            "Martinez", "Hernández", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
            "Martin", "Lee", "Nguyễn", "O'Brien", "Kim", "Patel", "Chen", "Walker", "Young", "Allen"]),
    "GB": (["Oliver", "Amelia", "George", "Olivia", "Harry", "Isla", "Jack", "Ava", "Charlie", "Emily",
            "Thomas", "Sophie", "Zoë", "Siobhán", "Łukasz", "Priya", "Anne", "Joe", "Callum", "Niamh"],
           ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "O'Connor", "Patel", "Khan", "Nowak", "Hughes",
            "Ó Súilleabháin", "Lewis"]),
    "DE": (["Jürgen", "Jörg", "Günther", "Lukas", "Leon", "Finn", "Jonas", "Mia", "Emma", "Hannah", "Lea",
            "Anna", "Sophie", "Marie", "Katharina", "Julia", "Max", "Ömer", "Ayşe", "Łukasz", "Björn",
            "Anne", "Sabine", "Uwe"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
            "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
            "Schwarz", "Zimmermann", "Weiß", "Yılmaz", "Kowalski", "Groß", "Müller-Lüdenscheidt"]),
    "FR": (["Jean", "Marie", "Pierre", "Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon",
            "Théo", "Inès", "Zoë", "François", "Hélène", "Noémie", "Gaëlle", "Mathéo", "Anne", "Julie"],
           ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
            "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Faure", "Rousseau", "Girard",
            "Benoît", "Mercier", "D'Arcy"]),
    "NL": (["Daan", "Sem", "Lucas", "Emma", "Julia", "Sophie", "Noah", "Tess", "Lotte", "Bram", "Sanne",
            "Thijs", "Femke", "Jeroen", "Anouk", "Zoë"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
            "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "van 't Hof"]),
    "ES": (["José", "María", "Antonio", "Carmen", "Manuel", "Lucía", "Javier", "Sofía", "Alejandro",
            "Paula", "David", "Martina", "Núria", "Iñigo", "Begoña"],
           ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
            "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
            "Núñez", "Peña"]),
    "IT": (["Giuseppe", "Maria", "Giovanni", "Anna", "Francesco", "Giulia", "Alessandro", "Sofia",
            "Lorenzo", "Chiara", "Matteo", "Francesca", "Niccolò", "Luca"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Lombardi"]),
    "CA": (["Liam", "Olivia", "Noah", "Emma", "Benjamin", "Charlotte", "William", "Chloé", "Félix", "Léa",
            "Étienne", "Mathieu", "Sam", "Julia"],
           ["Smith", "Brown", "Tremblay", "Martin", "Roy", "Gagnon", "Lee", "Wilson", "Côté", "Bouchard",
            "Gauthier", "Morin", "Campbell", "MacDonald", "Singh"]),
    "AU": (["Oliver", "Charlotte", "Noah", "Amelia", "Jack", "Olivia", "William", "Isla", "Leo", "Mia",
            "Lachlan", "Matilda", "Sam"],
           ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin",
            "Anderson", "Thompson", "Nguyen", "Kelly", "O'Brien", "Ryan"]),
}
GLOBAL_NAME_RATE = 0.05            # names from anywhere (non-Latin scripts, diacritics)
GLOBAL_FIRST = ["伟", "芳", "娜", "敏", "静", "Łukasz", "Zoë", "José", "Jürgen", "Aleksandra", "Søren",
                "Mårten", "Ngozi", "Oluwaseun", "Zoltán", "Ólafur", "Dmitrij", "Ana-María"]
GLOBAL_LAST = ["李", "王", "张", "陈", "刘", "Kowalski", "Wiśniewska", "Nowak", "Ødegaard", "Okafor",
               "Nagy", "Þórsson", "Şahin", "Dvořák", "Sørensen"]
_FOLD = {"ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe",
         "đ": "d", "Đ": "D", "Þ": "Th", "þ": "th", "ð": "d", "ı": "i", "李": "li", "王": "wang",
         "张": "zhang", "陈": "chen", "刘": "liu", "伟": "wei", "芳": "fang", "娜": "na", "敏": "min",
         "静": "jing"}

STREETS = {
    "US": ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Washington Blvd", "Park Ave",
           "Lakeview Dr", "Sunset Blvd", "Pine St", "Hillcrest Rd", "Broadway"],
    "GB": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
           "Park Road", "Queen Street", "King's Road"],
    "DE": ["Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße", "Lindenstraße",
           "Kirchweg", "Goethestraße", "Schillerstraße", "Am Mühlbach"],
    "FR": ["rue de la Paix", "avenue des Champs-Élysées", "rue Victor Hugo", "boulevard Saint-Michel",
           "rue de la République", "chemin des Vignes", "place du Marché"],
    "NL": ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Prinsengracht",
           "Herengracht"],
    "ES": ["Calle Mayor", "Calle Real", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia",
           "Calle del Sol"],
    "IT": ["Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante", "Via Mazzini", "Piazza del Duomo",
           "Via Cavour"],
    "CA": ["Yonge St", "Queen St W", "Rue Sainte-Catherine", "Main St", "King St E", "Granville St"],
    "AU": ["George St", "Collins St", "Queen St", "King William St", "Hay St", "Church St"],
}
CITIES = {
    "US": ["New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Seattle", "Boston", "Austin",
           "Denver", "Portland", "Miami", "Atlanta", "San Francisco"],
    "GB": ["London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Edinburgh", "Liverpool"],
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
           "Leipzig", "Nürnberg"],
    "FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Lille"],
    "NL": ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Haarlem"],
    "ES": ["Madrid", "Barcelona", "València", "Sevilla", "Zaragoza", "Málaga", "Bilbao"],
    "IT": ["Roma", "Milano", "Napoli", "Torino", "Palermo", "Bologna", "Firenze"],
    "CA": ["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Edmonton", "Québec"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra"],
}
US_AREA_CODES = ["212", "415", "646", "312", "617", "206", "503", "720", "305", "404", "512", "713"]
CA_AREA_CODES = ["416", "604", "514", "403", "613", "780"]
GB_MOBILE_PREFIX = ["74", "75", "77", "78", "79"]
DE_MOBILE_PREFIX = ["151", "152", "157", "160", "162", "163", "170", "171", "172", "173", "174", "175",
                    "176", "177", "178", "179"]
IT_MOBILE_PREFIX = ["320", "328", "329", "331", "333", "334", "335", "336", "338", "339", "340", "345",
                    "346", "347", "348", "349"]

FREE_MAIL = {
    "default": {"gmail.com": 45, "yahoo.com": 12, "outlook.com": 12, "hotmail.com": 10, "icloud.com": 10,
                "proton.me": 3},
    "DE": {"gmail.com": 30, "gmx.de": 22, "web.de": 20, "outlook.com": 8, "yahoo.com": 5, "icloud.com": 8,
           "proton.me": 4},
    "FR": {"gmail.com": 40, "orange.fr": 22, "hotmail.com": 12, "yahoo.com": 10, "outlook.com": 6,
           "icloud.com": 6, "proton.me": 2},
}
FREE_MAIL_DOMAINS = sorted({d for ws in FREE_MAIL.values() for d in ws} | {"gmx.de", "web.de", "orange.fr"})
DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.con", "gmai.com", "gnail.com", "gmail.co"],
                "yahoo.com": ["yaho.com", "yahooo.com", "yahoo.cm"], "hotmail.com": ["hotmial.com", "hotmal.com"],
                "outlook.com": ["outlok.com", "outloook.com"], "icloud.com": ["icoud.com", "iclod.com"],
                "gmx.de": ["gmxx.de", "gmx.dee"], "web.de": ["wbe.de", "weeb.de"], "orange.fr": ["orang.fr"],
                "proton.me": ["protonn.me"]}
JUNK_EMAILS = ["n/a", "N/A", "asdf", "test@", "none@none", "noemail", "-", "x@x", "😀@example.com",
               "na@na", "no email", "@gmail.com", "abc@@example.com", "test@test"]
JUNK_PHONES = ["0000000000", "123", "n/a", "000-000-0000", "none", "+1 000 000 0000", "1111111111", "-",
               "999"]
ROLE_LOCALS = ["info", "sales", "office", "hello", "contact", "billing", "support"]
COMPANY_A = ["acme", "blue", "bright", "north", "summit", "river", "apex", "nova", "pioneer", "silver",
             "green", "urban", "global", "prime", "atlas", "cedar", "coral", "delta", "eagle", "falcon",
             "granite", "harbor", "iron", "jade", "keystone", "lumen", "maple", "metro", "oak", "orbit",
             "pacific", "quantum", "redwood", "sterling", "swift", "terra", "vertex", "willow", "zenith",
             "alpine"]
COMPANY_B = ["logistics", "systems", "foods", "labs", "consulting", "media", "health", "energy", "partners",
             "works", "analytics", "dynamics", "solutions", "capital", "robotics", "textiles", "design",
             "networks", "studios", "ventures", "supply", "motors", "pharma", "software", "legal", "realty",
             "travel", "print", "marine", "retail"]
COMPANY_TLD = {"US": ".com", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "NL": ".nl", "ES": ".es", "IT": ".it",
               "CA": ".ca", "AU": ".com.au"}
LEGAL_SUFFIX = {"US": ["Inc.", "LLC", "Corp."], "GB": ["Ltd", "plc"], "DE": ["GmbH", "AG", "GmbH & Co. KG"],
                "FR": ["SARL", "SAS"], "NL": ["B.V.", "N.V."], "ES": ["S.L.", "S.A."], "IT": ["S.r.l.", "S.p.A."],
                "CA": ["Inc.", "Ltd."], "AU": ["Pty Ltd"]}
SIDE_A = ["little", "happy", "wild", "golden", "tiny", "cozy", "rustic", "sunny", "lucky", "crafty", "bold",
          "quiet", "velvet", "honey", "paper", "copper", "salty", "misty", "lunar", "maple"]
SIDE_B = ["bakery", "studio", "crafts", "garden", "press", "kitchen", "atelier", "workshop", "goods",
          "threads", "pottery", "candles", "books", "coffee", "prints", "knits", "woodworks", "photo", "bikes",
          "soaps"]
SIDE_TLD = [".com", ".shop", ".studio", ".co", ".net", ".store"]

CATEGORIES = ["video", "tax", "engineering", "travel", "food", "sports", "fashion", "finance", "parenting",
              "careers", "home", "tech"]
PERSONAL_CATEGORIES = ["video", "travel", "food", "sports", "fashion", "parenting", "home"]
BUSINESS_CATEGORIES = ["tax", "engineering", "finance", "tech"]
CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
URLS_PER_CATEGORY = 20
SITE = "https://shop.example.com"
CLICK_ELEMENTS = ["add_to_cart", "play_video", "share", "newsletter_cta", "nav_menu", "search"]
QUIZ = [("current_job_title", ["Data Engineer", "Nurse", "Teacher", "Accountant", "Software Developer",
                               "Student", "Sales Manager", "Chef", "Retired", "Ingénieure", "Café owner"]),
        ("favourite_cuisine", ["Italian", "Thai", "Mexican", "Japanese", "Indian", "Ethiopian"]),
        ("travel_style", ["beach", "city break", "hiking", "cruise", "road trip"]),
        ("household_size", ["1", "2", "3", "4", "5+"])]
LOGIN_METHODS = ["password", "magic_link", "google", "apple"]
EXTERNAL_REFERRERS = [None, None, None, "https://www.google.com/", "https://www.google.de/",
                      "https://www.bing.com/", "https://www.facebook.com/", "https://t.co/", "https://duckduckgo.com/",
                      "android-app://com.google.android.gm/", "https://www.instagram.com/"]
ESP_LANDINGS = ["deals", "newsletter/weekly", "travel/offers", "jobs", "p/running-shoes", "recipes/weekly"]
FORM_KINDS = ["newsletter", "contact", "quote_request", "download_whitepaper"]
APP_TYPES = ["app_open", "screen_view", "search", "add_to_cart", "purchase", "push_open", "login"]
APP_TYPE_PROBS = [0.25, 0.42, 0.10, 0.10, 0.05, 0.08]   # without login (session starts only)
APP_SCREENS = ["home", "product_detail", "cart", "checkout", "account", "video_player", "recipe", "jobs"]
APP_QUERIES = ["running shoes", "tax software", "lisbon hotel", "gluten free pasta", "usb-c cable", "crème brûlée"]
SUBSCRIPTION_SOURCES = ["footer_form", "checkout", "app", "esp_import", "account_settings"]
ITEMS_TRIP = ["Trip: Lisbon city break", "Trip: Alps ski week", "Trip: Tuscany villa", "Trip: New York long weekend",
              "Trip: Barcelona beach", "Trip: Iceland road trip", "Cruise: Norwegian fjords", "Trip: Kyoto & Tokyo"]
ITEMS_EVENT = ["Event: Berlin Tech Summit", "Event: Data Council", "Event: London Finance Forum",
               "Event: Paris Retail Expo", "Conference: DevOps Days Amsterdam", "Workshop: Tax Update 2027"]
DIETARY = ["vegetarian", "vegan", "halal", "kosher", "pescatarian", "none"]
ALLERGIES = ["peanut", "gluten", "shellfish", "lactose"]

UA = {
    ("desktop", "chrome", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "chrome", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "chrome", "linux"): "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "firefox", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "firefox", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "firefox", "linux"): "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "safari", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Safari/605.1.15",
    ("desktop", "edge", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    ("phone", "safari", "ios"): "Mozilla/5.0 (iPhone; CPU iPhone OS {i} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Mobile/15E148 Safari/604.1",
    ("phone", "chrome", "android"): "Mozilla/5.0 (Linux; Android {a}; {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    ("tablet", "safari", "ios"): "Mozilla/5.0 (iPad; CPU OS {i} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Mobile/15E148 Safari/604.1",
    ("tablet", "chrome", "android"): "Mozilla/5.0 (Linux; Android {a}; {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
}
DESKTOP_BROWSERS = [("chrome", "windows", 30), ("chrome", "macos", 12), ("chrome", "linux", 3),
                    ("firefox", "windows", 6), ("firefox", "macos", 2), ("firefox", "linux", 2),
                    ("safari", "macos", 10), ("edge", "windows", 10)]
SAFARI_VERSIONS = [("17.4", "17_4"), ("17.6", "17_6"), ("18.0", "18_0"), ("18.1", "18_1_1"), ("18.3", "18_3")]
ANDROID_PHONES = ["Pixel 7", "Pixel 8", "Pixel 8a", "SM-S911B", "SM-A546B", "SM-G991B", "moto g54 5G",
                  "Redmi Note 12", "K"]
ANDROID_TABLETS = ["SM-X710", "Lenovo TB-X606F", "Pixel Tablet"]
IOS_PHONE_MODELS = ["iPhone 12", "iPhone 13", "iPhone 14", "iPhone 14 Pro", "iPhone 15", "iPhone 15 Pro Max",
                    "iPhone SE (3rd generation)", "iPhone 16"]
IOS_TABLET_MODELS = ["iPad (10th generation)", "iPad Air (5th generation)", "iPad Pro 11-inch (4th generation)"]
IOS_VERSIONS = ["16.7.10", "17.4.1", "17.6.1", "18.1", "18.3.2", "18.5"]
ANDROID_APP_MODELS = ["Pixel 7", "Pixel 8", "Pixel 8a", "SM-S911B", "SM-A546B", "SM-G991B", "moto g54 5G",
                      "Redmi Note 12", "OnePlus 11"]
ANDROID_VERSIONS = ["12", "13", "14", "15"]
IP_FIRST_OCTETS = [24, 31, 37, 46, 62, 66, 73, 77, 78, 81, 82, 84, 86, 88, 90, 91, 92, 93, 98, 99, 104, 108,
                   109, 174, 176, 178, 185, 188, 193, 194, 212, 213, 217]

"""The demo merchant's 90 days, as plain data (no ORM): catalogue, vendors,
buyers and the order payloads its shops sent, from a seed.

Deterministic: the same seed, size and "today" give the same story, byte for
byte. The model (``ecom.demo.generator``) feeds it through the suite's own
paths: products and vendors through the ORM, orders through
``ecom.channel.import_orders``, receipts and deliveries through stock moves.

Story: 悦品电商 sells tea, teaware, kitchen, home and phone accessories on its
own web shop, Tmall and JD.com, from Hangzhou (east) and Guangzhou (south).
Weekends sell more, a promotion (the "双11"-like spike) multiplies one day's
orders, a few SKUs run out of stock, one vendor (义乌) delivers late.
"""
import datetime
import random

SEED = 20261111
SIZES = {
    # products, buyers, days of history, orders per day (average)
    "full": {"products": 200, "buyers": 900, "days": 90, "orders_per_day": 36,
             "offset": 0},
    # the test database's slice lies before the 90-day windows of demand and
    # ABC classes, so the other add-ons' tests see only their own movements
    "small": {"products": 24, "buyers": 40, "days": 14, "orders_per_day": 4,
              "offset": 100},
}
CHANNELS = ("WEB", "TMALL", "JD")
CHANNEL_SHARE = (0.25, 0.5, 0.25)
REF_PREFIX = {"WEB": "W", "TMALL": "TM", "JD": "JD"}
# Monday .. Sunday
WEEKDAY_FACTOR = (0.85, 0.8, 0.85, 0.95, 1.1, 1.3, 1.25)
PROMO_DAYS_AGO = 23          # the promotion day, counted back from today
PROMO_FACTOR = 4.0
TODAY_ORDERS = {"full": 30, "small": 4}   # paid today, still to pick

CATEGORIES = [
    # (code, English name, Chinese name, price range, items)
    ("TEA", "Tea", "茶叶", (39, 398), [
        ("LJ", "Longjing Green Tea", "西湖龙井"), ("BLC", "Biluochun Green Tea", "碧螺春"),
        ("TGY", "Tieguanyin Oolong", "铁观音"), ("DHP", "Da Hong Pao Oolong", "大红袍"),
        ("PUE", "Pu'er Tea Cake", "普洱茶饼"), ("JSM", "Jasmine Tea", "茉莉花茶"),
        ("BAI", "White Peony Tea", "白牡丹"), ("HBJ", "Keemun Black Tea", "祁门红茶"),
    ]),
    ("TWR", "Teaware", "茶具", (29, 599), [
        ("GWN", "Gaiwan", "盖碗"), ("YXT", "Yixing Clay Teapot", "紫砂壶"),
        ("CUP", "Tea Cup Set", "品茗杯套装"), ("TRY", "Bamboo Tea Tray", "竹制茶盘"),
        ("FAI", "Fair Cup", "公道杯"), ("CAD", "Tea Caddy", "茶叶罐"),
    ]),
    ("KIT", "Kitchen", "厨房用品", (19, 459), [
        ("KET", "Electric Kettle", "电热水壶"), ("MUG", "Ceramic Mug", "陶瓷马克杯"),
        ("BOT", "Thermos Bottle", "保温杯"), ("CHP", "Chopstick Set", "筷子套装"),
        ("BWL", "Rice Bowl Set", "饭碗套装"), ("WOK", "Iron Wok", "铁锅"),
    ]),
    ("HOM", "Home", "家居", (15, 299), [
        ("TWL", "Cotton Towel", "纯棉毛巾"), ("PIL", "Buckwheat Pillow", "荞麦枕"),
        ("SLP", "Slippers", "拖鞋"), ("DIF", "Aroma Diffuser", "香薰机"),
        ("BSK", "Storage Basket", "收纳筐"),
    ]),
    ("DIG", "Phone Accessories", "数码配件", (19, 199), [
        ("CBL", "USB-C Cable", "Type-C 数据线"), ("CHG", "Fast Charger", "快充充电器"),
        ("PWB", "Power Bank", "充电宝"), ("CAS", "Phone Case", "手机壳"),
        ("HLD", "Phone Holder", "手机支架"),
    ]),
]
VARIANTS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
COLOURS = ["", "白", "黑", "红", "青", "灰", "粉", "蓝"]

VENDORS = [
    # (key, name, city, lead days, reliable, categories)
    ("hz_tea", "杭州西湖茶业有限公司", "杭州", 5, True, ("TEA",)),
    ("fj_tea", "福建安溪茶叶合作社", "泉州", 9, True, ("TEA",)),
    ("yx_pot", "宜兴紫砂工艺厂", "无锡", 12, True, ("TWR",)),
    ("gd_kit", "佛山厨具制造有限公司", "佛山", 7, True, ("KIT",)),
    ("yw_mix", "义乌小商品贸易行", "义乌", 6, False, ("HOM", "TWR", "KIT")),
    ("sz_dig", "深圳华强数码配件有限公司", "深圳", 4, True, ("DIG",)),
]
UNRELIABLE_LATE_DAYS = (4, 11)   # the unreliable vendor's delay beyond the lead

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志鹏俊文斌浩宇欣怡子涵梓轩雨萱思远佳琪晨曦"
CITIES = [
    # (city, state, zip, street, area code)
    ("上海", "上海", "200031", "淮海中路 {n} 号", "21"),
    ("北京", "北京", "100020", "朝阳区建国路 {n} 号", "10"),
    ("杭州", "浙江", "310012", "西湖区文三路 {n} 号", "571"),
    ("广州", "广东", "510620", "天河区体育西路 {n} 号", "20"),
    ("深圳", "广东", "518048", "福田区深南大道 {n} 号", "755"),
    ("成都", "四川", "610041", "武侯区人民南路 {n} 号", "28"),
    ("南京", "江苏", "210005", "玄武区中山路 {n} 号", "25"),
    ("武汉", "湖北", "430022", "江汉区解放大道 {n} 号", "27"),
    ("西安", "陕西", "710001", "碑林区东大街 {n} 号", "29"),
    ("苏州", "江苏", "215000", "姑苏区人民路 {n} 号", "512"),
]
MOBILE_PREFIXES = ("130", "131", "135", "136", "137", "138", "139", "150", "151",
                   "152", "158", "159", "176", "177", "180", "185", "186", "188",
                   "189", "199")
# how a shop sends a mobile number: the forms customers type
PHONE_FORMS = ("{m}", "{a} {b} {c}", "+86 {m}", "+86-{a}-{b}-{c}", "0086{m}",
               "86 {m}")
# the buyer the README's story and the phone-search test look for
STAR_BUYER = {"external_id": "tb_hanmeimei", "name": "韩梅梅", "mobile": "13800138000",
              "email": "han.meimei@example.cn", "channel": "TMALL"}


def _mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + "%08d" % rng.randrange(10 ** 8)


def phone_form(mobile, rng):
    """One of the ways a shop passes a Chinese mobile on."""
    form = rng.choice(PHONE_FORMS)
    return form.format(m=mobile, a=mobile[:3], b=mobile[3:7], c=mobile[7:])


def catalogue(size, rng=None):
    """[{sku, name, name_en, category, price, cost, vendor, popularity}]."""
    rng = rng or random.Random(SEED)
    count = SIZES[size]["products"]
    items = []
    for code, _en, _zh, (low, high), kinds in CATEGORIES:
        for kind, name_en, name_zh in kinds:
            items.append((code, kind, name_en, name_zh, low, high))
    products = []
    index = 0
    while len(products) < count:
        code, kind, name_en, name_zh, low, high = items[index % len(items)]
        variant = VARIANTS[index // len(items) % len(VARIANTS)]
        colour = COLOURS[index // len(items) % len(COLOURS)]
        price = round(rng.uniform(low, high))
        vendors = [v for v in VENDORS if code in v[5]]
        vendor = vendors[index % len(vendors)][0]
        products.append({
            "sku": "%s-%s-%s" % (code, kind, variant),
            "name": ("%s %s" % (name_zh, colour)).strip() + " %s" % variant,
            "name_en": "%s %s" % (name_en, variant),
            "category": code,
            "price": float(price),
            "cost": round(price * rng.uniform(0.35, 0.6), 1),
            "vendor": vendor,
            "popularity": rng.paretovariate(1.3),   # a few best sellers
        })
        index += 1
    # a few SKUs run out of stock: the popular ones the stock plan starves
    ranked = sorted(products, key=lambda p: -p["popularity"])
    for product in ranked[1:1 + max(2, count // 40)]:
        product["stock_out"] = True
    return products


def buyers(size, rng=None):
    """[{external_id, name, mobile, email, city...}] with the star buyer first."""
    rng = rng or random.Random(SEED + 1)
    result = [dict(STAR_BUYER, city=CITIES[0])]
    for n in range(SIZES[size]["buyers"]):
        name = rng.choice(SURNAMES) + "".join(
            rng.choice(GIVEN) for _i in range(rng.choice((1, 2))))
        result.append({
            "external_id": "buyer%05d" % n,
            "name": name,
            "mobile": _mobile(rng),
            "email": "buyer%05d@example.cn" % n if rng.random() < 0.4 else "",
            "city": rng.choice(CITIES),
            "channel": rng.choices(CHANNELS, CHANNEL_SHARE)[0],
        })
    return result


def daily_counts(size, today, rng=None):
    """[(date, number of orders)] for the history, oldest first, today excluded:
    weekly rhythm, a promotion spike, some noise."""
    rng = rng or random.Random(SEED + 2)
    conf = SIZES[size]
    result = []
    for back in range(conf["days"], 0, -1):
        day = today - datetime.timedelta(days=back + conf["offset"])
        expected = conf["orders_per_day"] * WEEKDAY_FACTOR[day.weekday()]
        if back == PROMO_DAYS_AGO and size == "full":
            expected *= PROMO_FACTOR
        result.append((day, max(0, int(round(rng.gauss(expected, expected * 0.15))))))
    return result


def orders(size, today, products=None, people=None, rng=None):
    """Order payloads as the shops send them (``import_orders`` format), per
    channel, oldest first: ({channel: [payload]}, [(day, payload)]).

    Each payload carries ``_day`` (the order's date) for the caller, removed
    before sending. Today's orders come last, paid, to be picked.
    """
    rng = rng or random.Random(SEED + 3)
    products = products or catalogue(size)
    people = people or buyers(size)
    cum, total = [], 0.0
    for product in products:
        total += product["popularity"]
        cum.append(total)
    by_channel = {code: [] for code in CHANNELS}
    days = daily_counts(size, today) + [(today, TODAY_ORDERS[size])]
    serial = 0
    for day, count in days:
        for _n in range(count):
            serial += 1
            buyer = people[0] if serial % 97 == 1 else rng.choice(people)
            channel = buyer["channel"]
            city, state, zip_code, street, _area = buyer["city"]
            lines = {}
            for _l in range(rng.choices((1, 2, 3), (0.65, 0.27, 0.08))[0]):
                product = rng.choices(products, cum_weights=cum)[0]
                lines.setdefault(product["sku"], [product, 0])[1] += \
                    rng.choices((1, 2, 3), (0.8, 0.15, 0.05))[0]
            moment = datetime.datetime.combine(day, datetime.time(
                rng.randrange(0, 14), rng.randrange(60), rng.randrange(60)))
            payload = {
                "external_ref": "%s-%s-%05d" % (
                    REF_PREFIX[channel], day.strftime("%y%m%d"), serial),
                "ordered_at": moment.strftime("%Y-%m-%d %H:%M:%S"),
                "currency": "CNY",
                "paid": day < today or rng.random() < 0.9,
                "customer": {"external_id": buyer["external_id"],
                             "name": buyer["name"],
                             "email": buyer["email"],
                             "phone": phone_form(buyer["mobile"], rng)},
                "shipping": {"name": buyer["name"],
                             "phone": phone_form(buyer["mobile"], rng),
                             "street": street.format(n=rng.randrange(1, 999)),
                             "street2": "", "city": city, "state": "",
                             "zip": zip_code, "country_code": "CN"},
                "lines": [{"sku": sku, "qty": qty, "price_unit": product["price"]}
                          for sku, (product, qty) in sorted(lines.items())],
                "_day": day,
            }
            by_channel[channel].append(payload)
    return by_channel


def stock_plan(products, sold):
    """{sku: units to receive over the history}: what was sold plus a cover,
    less for the stock-out SKUs (they run dry before the end)."""
    plan = {}
    for product in products:
        qty = sold.get(product["sku"], 0)
        if product.get("stock_out"):
            plan[product["sku"]] = int(qty * 0.7)
        else:
            plan[product["sku"]] = int(qty * 1.35) + 12
    return plan

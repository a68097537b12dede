"""Hand-written raw tables for the adversarial cases of graph safety (issue 12).

Each case is a small business of strangers joined by links that are each plausible on their own:
  - a guest-order chain: 49 phones, each typed on two guest orders next to two different customers'
    emails, join 50 customers one step at a time;
  - a 2FA chain: 1,000 accounts joined by 2FA phones, two accounts per phone;
  - a role inbox (info@ of one business) typed on 15 guest orders with 15 different buyers' phones;
  - a loyalty-card chain: 40 cards joined by payment cards each swiped with two of them, no persona;
  - a real family of four sharing a home phone, their accounts giving no date of birth (one person
    by the rules: nothing tells them apart, and the bounds must not split them);
  - the same family with dates of birth on their accounts (four persons: the records tell them
    apart, so the home phone joins none of them);
  - a consultant with five client accounts and her own, all on her 2FA phone (one person);
  - a forwarded ESP link clicked once by a reader who never logs in, and a gift card form carrying
    the recipient's email: neither attaches the browser to the other person.
Every customer of the chains has an allergy recorded, so that a fused person would show in the
safety mart. Values are typed as people type them.
"""

from __future__ import annotations

from pathlib import Path

from scenario_data import Tables, cookie

N_GUEST_CHAIN = 50
N_2FA_CHAIN = 1000
N_ROLE_BUYERS = 15
N_LOYALTY_CHAIN = 40


def guest_chain_account(i: int) -> str:
    return f"acc_gc_{i:03d}"


def twofa_chain_account(i: int) -> str:
    return f"acc_tf_{i:04d}"


def role_buyer_account(i: int) -> str:
    return f"acc_rb_{i:02d}"


def build() -> Tables:
    t = Tables()

    # --- Guest-order chain: customer i has an account, its email and an allergy; phone i is typed
    # on a guest order with customer i's email and on another with customer i+1's.
    for i in range(N_GUEST_CHAIN):
        account = guest_chain_account(i)
        t.account(account, first_name=f"Gina{i}", last_name="Chain")
        t.contact(account, "email", f"Guest.Chain{i}@gmail.com")
        t.add("preferences", account_id=account, kind="allergy", value=f"allergen {i}",
              updated_at="2026-01-01T00:00:00Z")
    for i in range(N_GUEST_CHAIN - 1):
        phone = f"+1 415 555 {i:04d}"
        for n, customer in enumerate((i, i + 1)):
            t.add("orders", order_id=f"o_gc_{i}_{n}", ordered_at="2026-03-01T10:00:00Z",
                  email=f"guest.chain{customer}@gmail.com", phone=phone, channel="web",
                  total_amount="20.00", currency="USD")

    # --- 2FA chain: account k holds 2FA phones k and k+1.
    for k in range(N_2FA_CHAIN):
        account = twofa_chain_account(k)
        t.account(account, first_name=f"Tom{k}", last_name="Twofa")
        for phone in (k, k + 1):
            t.contact(account, "phone", f"+1 212 555 {phone:04d}", added_by="two_factor")

    # --- Role inbox on guest orders: each buyer has an account with a 2FA phone of their own, and
    # orders as a guest with the business's info@ and that phone.
    for i in range(N_ROLE_BUYERS):
        account = role_buyer_account(i)
        phone = f"+44 20 7946 {i:04d}"
        t.account(account, first_name=f"Rita{i}", last_name="Buyer")
        t.contact(account, "email", f"rita.buyer{i}@gmail.com")
        t.contact(account, "phone", phone, added_by="two_factor")
        t.add("orders", order_id=f"o_rb_{i}", ordered_at="2026-03-02T10:00:00Z",
              email="Info@Acme-Widgets.com", phone=phone, ship_street=f"{i + 1} Buyer Road",
              ship_city="London", ship_postal_code="E1 6AN", ship_country="GB", channel="web",
              total_amount="99.00", currency="GBP")

    # --- A family of four on one home phone (each their own account and email).
    for member in ("dad", "mum", "kid1", "kid2"):
        account = f"acc_family_{member}"
        t.account(account, first_name=member.title(), last_name="Homes")
        t.contact(account, "email", f"{member}.homes@gmail.com")
        t.contact(account, "phone", "+1 650 555 0100")

    # --- The same family at another address, with dates of birth on their accounts.
    for member, birth in (("dad", "1970-02-11"), ("mum", "1972-07-23"), ("kid1", "2004-05-30"),
                          ("kid2", "2008-12-04")):
        account = f"acc_dated_{member}"
        t.account(account, first_name=member.title(), last_name="Dates", date_of_birth=birth)
        t.contact(account, "email", f"{member}.dates@gmail.com")
        t.contact(account, "phone", "+1 650 555 0101")

    # --- A consultant: five client accounts and her own, all on her 2FA phone.
    for client in ("a", "b", "c", "d", "e", "own"):
        account = f"acc_cons_{client}"
        t.account(account, first_name="Carla", last_name="Consult")
        t.contact(account, "email", f"carla@client-{client}.example.com" if client != "own"
                  else "carla.consult@gmail.com")
        t.contact(account, "phone", "+1 303 555 0199", added_by="two_factor")

    # --- Gwen's ESP link forwarded to a reader who never logs in: one click from the reader's
    # browser (cookie 9001). Gwen's own phone browser, never logged in either, clicked her links
    # twice (cookie 9002): a habit, so it is hers.
    t.account("acc_gwen")
    t.contact("acc_gwen", "email", "gwen.f@gmail.com")
    t.add("esp_recipients", esp_record_id="esp_gwen01", email="gwen.f@gmail.com", created_at="2025-02-01T00:00:00Z")
    t.web(cookie(9001), "page_view", url="https://shop.example.com/deals?esp_rid=esp_gwen01")
    for day in ("2026-05-01", "2026-05-08"):
        t.web(cookie(9002), "page_view", url="https://shop.example.com/deals?esp_rid=esp_gwen01",
              at=f"{day}T08:00:00Z")

    # --- Hal buys a gift card for Gwen from his own browser (cookie 9003): the recipient's email
    # typed in a gift form says nothing about the browser. His newsletter form does.
    t.account("acc_hal")
    t.contact("acc_hal", "email", "hal.g@gmail.com")
    t.web(cookie(9003), "form_submit", url="https://shop.example.com/forms/gift_card",
          properties='{"form": "gift_card", "email": "gwen.f@gmail.com"}')
    t.web(cookie(9004), "form_submit", url="https://shop.example.com/forms/newsletter",
          properties='{"form": "newsletter", "email": "hal.g@gmail.com"}')

    # --- A loyalty-card chain with no account anywhere: card k swiped at the till with loyalty
    # cards k and k+1 (a shared family card, then a friend's, then ...). No persona holds any of it.
    for k in range(N_LOYALTY_CHAIN):
        t.add("loyalty_members", loyalty_number=f"LY-{k:05d}", enrolled_at="2025-03-01T00:00:00Z",
              first_name=f"Lou{k}", last_name="Chain")
    for k in range(N_LOYALTY_CHAIN - 1):
        for n, member in enumerate((k, k + 1)):
            t.add("pos_transactions", transaction_id=f"pos_ly_{k}_{n}", occurred_at="2026-03-03T10:00:00Z",
                  store_id="s1", loyalty_number=f"LY-{member:05d}", card_token=f"tok_chain_{k:05d}",
                  amount="12.00")

    # --- Erasure of one guest-chain customer: only she goes.
    t.add("erasure_requests", identifier_type="email", identifier_value="guest.chain7@gmail.com",
          requested_at="2026-06-01T00:00:00Z")
    return t


def write(folder: Path) -> Path:
    return build().write(folder)

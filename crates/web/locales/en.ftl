# Sanshe message catalogue, English.

app-name = Sanshe
app-subtitle = Communities · Social organisations · Social workers and volunteers

## Menu
menu-home = Home
menu-communities = Communities
menu-imports = Imports
menu-regions = Regions
menu-accounts = Accounts
menu-audit = Audit trail
menu-logout = Sign out
menu-language = 中文

## Common words
action-search = Search
action-save = Save
action-add = Add
action-import = Import
action-export = Export
action-reveal = Show
action-end = End post
action-commit = Import now
action-cancel = Cancel
action-login = Sign in
action-unlock = Unlock
action-create = Create
label-page = Page { $page } of { $pages }, { $total } in all
label-previous = Previous
label-next = Next
label-none = Nothing yet
label-yes = Yes
label-no = No
label-saved = Saved
label-scope = Scope

## Login
login-title = Sign in
login-username = Username
login-password = Password
login-failed = Wrong username or password
login-locked = Account locked; try again after { $until }

## Regions
region-level-province = Province
region-level-city = City
region-level-county = County
region-level-township = Township or street
region-level-village = Village-level unit
region-code = Code
region-name = Name
region-children = Subdivisions

## Communities
community-list-title = Communities
community-search = Name or code
community-within = Within
community-all = All
community-code = Code
community-name = Name
community-township = Township or street
community-county = County
community-type = Type
community-urban = Urban community
community-rural = Rural community (village)
community-households = Households
community-population = Population
community-address = Address
community-phone = Phone
community-contact = Contact person
community-profile = Profile
community-bodies = Bodies and posts
community-add-person = Add a person to a post

## Bodies, posts, employment
body-party_organization = Party organisation
body-residents_committee = Residents' committee
body-villagers_committee = Villagers' committee
body-affairs_station = Community affairs station
title-secretary = Secretary
title-deputy_secretary = Deputy secretary
title-director = Director
title-deputy_director = Deputy director
title-member = Member
title-station_head = Station head
title-staff = Staff
employment-full_time = Full-time
employment-part_time = Part-time
gender-male = Male
gender-female = Female

## People and posts
person-name = Name
person-id-number = ID number
person-phone = Mobile
person-gender = Gender
post-body = Body
post-title = Post
post-employment = Employment
post-started-on = Since
post-ended-on = Until
post-current = Current

## Imports
import-title = Import people and posts
import-help = Download the template, fill in one row per post and upload it (.xlsx or .csv). Every row is checked first (a dry run); only when all pass can you import, and a single bad row means nothing is written.
import-template-xlsx = Excel template
import-template-csv = CSV template
import-file = File
import-upload = Upload and check
import-progress = { $done } of { $total } rows done
import-checking = Checking…
import-committing = Importing…
import-checked-ok = All { $total } rows are valid and can be imported.
import-checked-errors = Found { $count } problems; nothing was written. Fix them and upload again.
import-done = Imported { $total } rows.
import-failed = The import failed; nothing was written.
import-row = Row
import-field = Field
import-reason = Reason
import-expired = This import no longer exists; please upload the file again.

## Accounts
account-title = Accounts
account-username = Username
account-display-name = Name
account-role = Role
account-region = Region
account-status = Status
account-active = Active
account-locked = Locked
account-new = New account
role-city_admin = City admin
role-county_admin = County admin
role-township_admin = Township admin
role-community_admin = Community admin
role-registrar = Civil-affairs registrar
role-supervising_unit = Supervising unit
role-finance = Finance
role-social_worker = Social worker
role-volunteer = Volunteer
role-resident = Resident

## Audit
audit-title = Audit trail
audit-seq = No.
audit-at = Time
audit-actor = Actor
audit-action = Action
audit-entity = Entity
audit-region = Region
audit-detail = Detail
audit-filter = Actor, entity, action or region code

## Problems (RFC 9457 titles)
problem-validation = The submitted data is invalid
problem-bad-request = The request is malformed
problem-not-found = Not found
problem-unauthenticated = Please sign in
problem-locked = Account locked
problem-forbidden = Not permitted
problem-conflict = Conflicts with existing data
problem-csrf = The form has expired; reload the page and try again
problem-too-large = The upload is too large
problem-internal = Internal error; please try again later

## Field-level messages
required = Required
too-long = At most { $max } characters
control-characters = Contains control characters
unknown-choice = Not one of the allowed values
must-not-be-negative = Must not be negative
must-be-number = Must be a whole number
population-below-households = Population cannot be below the number of households
date-format = Use the date format YYYY-MM-DD
date-in-future = The date cannot be after today
date-before-start = The end date cannot be before the start date
json-invalid = Cannot parse the request: { $detail }
uscc-length = A USCC has 18 characters, not { $length }
uscc-character = Character { $position } ("{ $character }") is not allowed in a USCC
uscc-region = Characters 3–8 must be the registering authority's region code (digits)
uscc-organization-code-check = The organisation code (characters 9–17) fails its check; expected { $expected }
uscc-check = The check character is wrong; expected { $expected }
uscc-not-civil-affairs = Not a civil-affairs registration (must start with 51, 52, 53 or 59)
uscc-kind-mismatch = Character 2 ({ $type }) does not match the organisation's kind
id-length = An ID number has 18 characters, not { $length }
id-characters = The first 17 characters must be digits and the last a digit or X
id-address-code = Address code { $code } is in no edition of GB/T 2260
id-birth-date = Birth date { $date } is not valid
id-check = The check character is wrong; expected { $expected }
region-code-digits = A region code has digits only
region-code-length = A region code has 6, 9 or 12 digits, not { $length }
region-code-part = The township or village part of { $code } is outside the assigned ranges
region-unknown = Not a current administrative division
region-duplicate = Region code { $code } appears twice
region-parent-level = Parent { $parent } is not at a higher level
region-parent-prefix = The code does not extend its parent { $parent }
region-parent-missing = Parent { $parent } is not in the file
region-columns = Expected 5 columns, found { $count }
region-level = Unknown level "{ $level }"
region-level-mismatch = Level "{ $level }" does not match the code's length
region-name-empty = The name is empty
password-too-short = At least { $min } characters
password-too-long = At most { $max } characters
password-too-simple = Use at least three of: upper case, lower case, digits, symbols
username-characters = Letters, digits and - _ . only
username-taken = This username is taken
post-not-in-body = This body has no such post
post-already-held = This person already holds this post
post-seat-taken = Someone holds this post now; end their post first
post-already-ended = This post has already ended
body-not-in-community = This community has no such body
id-number-name-mismatch = This ID number is registered to "{ $name }"; the names differ
community-unknown = Unknown community code, or outside your scope
import-header = The header row must be: { $expected }
import-too-many-rows = At most { $max } rows per file
import-unreadable = Cannot read the file; use the template's .xlsx or .csv format
election-posts-malformed = Posts are malformed: no post twice, at least one seat each
election-needs-one-director = A committee has exactly one director
election-seat-count = A committee has { $min } to { $max } members, not { $total }
election-too-soon = The vote is too soon for the register to be published in time; the earliest date is { $earliest }
election-region-level = A unified election is opened by a city or a county
election-term = Not a valid term year
register-already-published = The register is published and can no longer change
register-published-late = The register had to be published by { $deadline }
ballot-unknown-post = The ballot has no post "{ $post }"
ballot-too-many-names = At most { $seats } names for "{ $post }"
ballot-name-twice = One person ({ $name }) cannot be chosen for two posts
voting-closed = Voting is not open now
already-voted = This voter has already voted
register-not-published = The voter register is not published yet

## Voting and results
vote-title = Vote by phone
vote-code = Voting code
vote-code-help = Enter the voting code on your voter card. Each card votes once.
vote-open = Open my ballot
vote-help = Write the name of the person you choose for each post, or leave it empty. One person cannot be named for two posts.
vote-cast = Cast my ballot
vote-done = Your ballot is cast
vote-receipt-help = This is your ballot's receipt. Once the count is published, find it on the results page to see your ballot was counted. It does not show whom you chose.
code-unknown = This voting code is not valid
voting-not-over = Voting is not over yet
results-title = Election results
results-vote-date = Vote date
results-registered = Registered voters
results-cast = Ballots cast
results-invalid = Invalid ballots
results-round-invalid = This round is invalid (no more than half the voters voted, or more ballots than voters)
results-elected = Elected
results-votes = Votes
results-receipts = Receipts of the ballots counted
results-find-receipt = Find my receipt
results-receipt-counted = Your ballot was counted
results-receipt-missing = This receipt was not found
post-director = Director
post-deputy_director = Deputy director
post-member = Member
post-woman_member = Woman member
register-not-published = The voter register has not been published yet
objection-too-late = Objections closed on { $close }
objection-already-decided = This objection has already been decided
objection-person-may-not-vote = This person may not vote on the vote date and cannot be put on the register
person-unknown = No person with this ID number is known; register them first
not-on-register = This person is not on the election's voter register
nomination-too-late = Self-nominations closed on { $close }
nomination-women-only = Only a woman voter can stand for the woman-member post
nomination-one-post = A voter may stand for one post only
proxy-too-late = Proxies must be filed by { $by }
proxy-to-self = A voter cannot be their own proxy
proxy-already-given = This voter has already given a proxy
proxy-redelegated = A proxy holder may not pass a proxy on, nor a grantor hold others' proxies
proxy-holder-is-candidate = A self-nominee cannot hold proxies
proxy-holder-full = A proxy holder carries at most { $max } proxies
election-already-counted = This election has been counted; no more entries or recounts
paper-batch-number = The batch number is a whole number from 1
paper-batch-size = A batch holds 1 to { $max } ballots
paper-batch-confirmed = Two matching entries have confirmed this batch; it cannot change
paper-batch-unconfirmed = Paper batch { $number } still waits for a second teller's matching entry; the count must wait
election-already-seated = The elected of this election have already taken office
election-not-counted = This election has not been counted yet
election-invalid = This election is invalid and elects no one
elected-not-on-register = "{ $name }" is not on the voter register; give their ID number
elected-name-ambiguous = The register holds more than one "{ $name }"; give the elected person's ID number

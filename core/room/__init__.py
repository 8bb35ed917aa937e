"""The live room: a workshop where every participant answers from their own phone.

A facilitator starts a *session* for one partnership; participants join it
with a short code and answer the *questions* (activities) the facilitator
opens. What the room says lands in the partnership's records, with who said
it: ratings and commitments when their question closes, proposals when the
facilitator accepts them.

- :mod:`.activities` what the room can be asked, and how an answer becomes a record;
- :mod:`.access` join codes, participant tokens, the facilitator's key, and text limits;
- :mod:`.limits` how often one participant may submit;
- :mod:`.results` what the wall shows: counts, the ratings matrix, the spread of a vote;
- :mod:`.landing` closing a question and moderating a proposal (writes to the records).

The SQL lives in :mod:`core.store.room`.
"""

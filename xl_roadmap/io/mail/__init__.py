"""Books that come by e-mail, read where the mail left them: a saved letter (.eml; Outlook's .msg) and a mail
service's archive of all attachments (.zip). Every attached workbook is a book to read, held in memory under a
name a person recognises («почта/письмо.eml → Школа 5.xlsx»), with the letter it came in (sender, subject, date).

``unpack`` is the entry point; ``archive``, ``eml`` and ``msg`` each read one kind of container (the letters'
libraries are imported only when a letter is read: a plain ``validate`` never pays for them).
"""

/**
 * Plain English the fixture tokenizer learns its first merges from, so that random models still
 * emit word-like pieces ("the", " and", "ing"). ASCII only: every merged token must decode to
 * valid UTF-8 on its own. Written for this project; changing it changes every fixture file.
 */
export const TRAINING_TEXT = `Thank you for your message. I hope this note finds you well and that the week has been kind to you.
I wanted to write to you about the meeting we planned for next Tuesday. Would it be possible to move it to the morning? I have a train to catch in the afternoon, and I would rather not rush through the things we need to talk about.
We can meet in the small room on the second floor, the one with the window that looks over the garden. There is a kettle, so bring your favourite tea.
Please let me know if the new time works for you. If it does not, we can find another day later in the month.
The report is almost ready. I have read every chapter twice, and I think the first part is clear and the second part needs a little more work. The numbers in the third table do not match the numbers in the summary, so I will check them again before I send the final version.
I am sorry for the delay. The last few days have been busy at home: the heating stopped working on the coldest night of the year, and we spent the evening by the fire with blankets and soup.
It was not so bad, in the end. The children read stories aloud, the dog slept in front of the hearth, and nobody looked at a screen for hours.
When the engineer came the next morning, he said the problem was a small part that had worn out after many years. He changed it in ten minutes and would not stay for breakfast.
Thank you again for your patience. I know that waiting is never easy, and I am grateful that you gave me the time to do this properly.
Could you also send me the notes from the last meeting? I remember that we agreed on three points, but I only wrote down two of them.
The first point was that every team should share its plans at the start of each month. The second point was that we would keep our reports short and simple, with the most important facts at the top.
I think the third point was about the budget for the spring, but I may be wrong. If you have the notes, please check them for me.
One more thing: the new members of the team start on Monday. I would like to welcome them with a short lunch, nothing formal, just a chance to say hello and to answer their questions.
If you know a good place near the office, please tell me. Somewhere quiet would be best, with tables for eight people and a menu that has something for everyone.
I will write again when the report is finished. Until then, take care of yourself, and do not work too late.
With warm wishes, and thanks for all your help this year.
The weather has turned at last. This morning the air was cold and bright, the leaves were falling, and the river was higher than I have ever seen it.
We walked along the water to the old bridge and back, which took most of the morning. On the way home we stopped at the market for bread, apples, cheese and a bunch of flowers for the kitchen table.
In the afternoon I wrote letters to my family and to a friend who moved to another country last summer. She writes that the city is beautiful, the people are friendly, and the food is better than she expected.
She is learning the language slowly, one word at a time, and she says that the hardest part is listening to people who speak quickly.
I told her that it took me years to feel at home in a new place, and that the best teacher was time, patience and a good sense of humour.
Tomorrow I will finish reading the book you gave me. The story is simple, but the writing is careful and warm, and I find that I do not want it to end.
Please give my best wishes to everyone, and tell them that I am looking forward to seeing them soon.
Kind regards, and see you next week.
`;

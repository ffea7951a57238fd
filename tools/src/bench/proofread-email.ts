// The 2 KB email the proofread figures are measured on: the composer's Proofread button
// (composer-proofread) and the proofread task's time to first token (proofread-ttft), so both
// figures read the same text.

/** About 2 KB of email with the slips people make: misspellings, a doubled word, a missing capital. */
export const PROOFREAD_EMAIL = `Hi Dana,

Thank you for sending the quartely report on friday. I have read it twice and I think the the numbers for the northern region look much better then last year. Could you recieve the updated figures from the finance team before our meeting? I would like to discus them with Paul and the rest of the group.

A few things I noticed while reading:
- the sales forecast for march seems to low compared to the pipeline we reviewed last week;
- the costs for the new warehouse are not broken down by month, wich makes them hard to compare;
- teh appendix refers to a table that is missing from the the document.

If its easier, we can go through these points together on monday morning. I am free from nine to eleven, and after lunch untill four. Let me know what suits you and I will book a room on the third floor.

I also wanted to thank you for organising the workshop last month. Everyone I spoke to found it usefull, and several people asked wether we could repeat it in the spring for the new starters. If you have time, it would be great to plan a second session together.

On another note, the client visit next week has been moved from tuesday to thursday. They asked us to prepare a short demo of the reporting tool and a summary of the changes since there last visit. Could you ask Maria wether she can present the dashboards? I will take care of the agenda and the lunch booking, and I will send the invitation as soon as the room is confirmed.

Finally, please remember that the budget proposals are due at the end of the month. Send me your draft when its ready and I will review it the same day. If anything is unclear, dont hesitate to call me; I am in the office all week exept wednesday afternoon.

Best regards,
Alex`;
